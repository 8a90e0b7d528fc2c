package dev.symmetric.examples.node;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runnable node's command line, parsed and checked before anything starts. Public so that
 * applications built on the runnable node (see {@link NodeExtension}) take the same flags.
 */
public record NodeFlags(
    Optional<String> nodeId,
    String host,
    int port,
    Optional<Path> dataDir,
    List<URI> peers,
    Optional<String> secret,
    Optional<String> adminUser,
    Optional<String> adminPassword,
    int cluster,
    Optional<Duration> tickEvery,
    int sweepShards,
    Optional<Duration> sweepEvery,
    Duration drainGrace,
    boolean help) {

  /** The flags' help text, for the command {@code command} (e.g. {@code java -jar app.jar}). */
  public static String usage(String command) {
    return String.join(
        "\n",
        "Usage: " + command + " [flags]",
        "  --node-id ID        this node's name (default node-1; with --cluster, node-1..node-N)",
        "  --http HOST:PORT    address to serve on (default 127.0.0.1:8080)",
        "  --data DIR          RocksDB data directory (default ./data/<node-id>)",
        "  --peers URL,...     seed peers to join, e.g. http://127.0.0.1:8081 (needs --secret)",
        "  --secret S          cluster secret shared by all nodes (16+ characters); with it",
        "                      the node is a cluster member that others can join",
        "  --admin USER:PASS   admin user; writes then need credentials",
        "  --cluster N         demo: N nodes in this process on consecutive ports, forming one",
        "                      cluster (a secret is generated when --secret is not given)",
        "  --tick-every D      demo job: a recurring job 'tick' every D (e.g. 1s, 500ms, 1m),",
        "                      run by one node per slot (needs --secret)",
        "  --sweep-shards K    demo job: a partitioned job 'sweep' with K shards spread over",
        "  --sweep-every D     the live nodes, every D; runs show in /_node/jobs",
        "  --drain-grace D     on SIGTERM or POST /_node/drain, keep serving for D while /_up",
        "                      says 503, so a balancer polling /_up stops sending requests",
        "                      before the node stops listening (default 0s: set it above the",
        "                      balancer's check interval times its failure count)",
        "  --help              print this help");
  }

  /**
   * Parses and checks {@code args}.
   *
   * @throws IllegalArgumentException saying which flag is wrong and why
   */
  public static NodeFlags parse(String[] args) {
    String nodeId = null;
    String http = "127.0.0.1:8080";
    Path data = null;
    List<URI> peers = new ArrayList<>();
    String secret = null;
    String admin = null;
    int cluster = 1;
    boolean help = false;
    Duration tickEvery = null;
    int sweepShards = 0;
    Duration sweepEvery = null;
    Duration drainGrace = Duration.ZERO;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        help = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--node-id" -> nodeId = value;
        case "--http" -> http = value;
        case "--data" -> data = Path.of(value);
        case "--peers" -> {
          for (String p : value.split(",")) {
            if (!p.isBlank()) {
              peers.add(peer(p.trim()));
            }
          }
        }
        case "--secret" -> secret = value;
        case "--admin" -> admin = value;
        case "--tick-every" -> tickEvery = duration(flag, value);
        case "--sweep-every" -> sweepEvery = duration(flag, value);
        case "--drain-grace" ->
            drainGrace =
                value.trim().matches("0+(ms|s|m|h)?") ? Duration.ZERO : duration(flag, value);
        case "--sweep-shards" -> {
          try {
            sweepShards = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sweep-shards takes a number, not " + value);
          }
          if (sweepShards < 1 || sweepShards > 1024) {
            throw new IllegalArgumentException("--sweep-shards takes 1 to 1024 shards");
          }
        }
        case "--cluster" -> {
          try {
            cluster = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--cluster takes a number, not " + value);
          }
          if (cluster < 1 || cluster > 16) {
            throw new IllegalArgumentException("--cluster takes 1 to 16 nodes");
          }
        }
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    int colon = http.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--http takes HOST:PORT, not " + http);
    }
    int port;
    try {
      port = Integer.parseInt(http.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--http takes HOST:PORT, not " + http);
    }
    if (port < 0 || port > 65535 || (cluster > 1 && port != 0 && port + cluster - 1 > 65535)) {
      throw new IllegalArgumentException("port out of range in --http " + http);
    }
    String user = null;
    String password = null;
    if (admin != null) {
      int c = admin.indexOf(':');
      if (c <= 0 || c == admin.length() - 1) {
        throw new IllegalArgumentException("--admin takes USER:PASS");
      }
      user = admin.substring(0, c);
      password = admin.substring(c + 1);
    }
    if (secret != null && secret.length() < 16) {
      throw new IllegalArgumentException("--secret needs at least 16 characters");
    }
    if (!peers.isEmpty() && secret == null) {
      throw new IllegalArgumentException(
          "--peers needs --secret: every node of a cluster must be given the same secret");
    }
    if ((sweepShards > 0) != (sweepEvery != null)) {
      throw new IllegalArgumentException("--sweep-shards and --sweep-every go together");
    }
    if ((tickEvery != null || sweepEvery != null) && secret == null && cluster == 1) {
      throw new IllegalArgumentException(
          "--tick-every and --sweep-every need --secret (jobs run across a cluster)");
    }
    return new NodeFlags(
        Optional.ofNullable(nodeId),
        http.substring(0, colon),
        port,
        Optional.ofNullable(data),
        List.copyOf(peers),
        Optional.ofNullable(secret),
        Optional.ofNullable(user),
        Optional.ofNullable(password),
        cluster,
        Optional.ofNullable(tickEvery),
        sweepShards,
        Optional.ofNullable(sweepEvery),
        drainGrace,
        help);
  }

  /** {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}; at least 100 ms. */
  static Duration duration(String flag, String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          flag + " takes a duration like 500ms, 1s, 5m, not " + text);
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.toMillis() < 100) {
      throw new IllegalArgumentException(flag + " must be at least 100ms, was " + text);
    }
    return d;
  }

  private static URI peer(String text) {
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a peer URL: " + text);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException("a peer URL looks like http://host:port, not " + text);
    }
    return uri;
  }
}
