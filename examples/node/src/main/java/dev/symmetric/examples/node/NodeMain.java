package dev.symmetric.examples.node;

import dev.symmetric.http.SymmetricNode;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.jobs.Schedule;
import dev.symmetric.replication.cluster.Cluster;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The runnable node: {@code java -jar examples/node/target/symmetric-node.jar --node-id a}. With
 * {@code --secret} it is a cluster member; with {@code --peers} it joins the cluster those peers
 * belong to. With {@code --cluster N} it runs N nodes in one process on consecutive ports, each
 * with its own data directory, that form one cluster: each node joins through the ones started
 * before it. SIGTERM drains every node before the process exits.
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) throws Exception {
    run(args, "java -jar symmetric-node.jar", NodeMain::start);
  }

  /** Starts nodes from parsed flags and returns them; see {@link #run}. */
  @FunctionalInterface
  public interface Starter {
    List<SymmetricNode> start(NodeFlags flags, PrintStream out);
  }

  /**
   * A runnable node's whole command line: parses {@code args} (exit status 2 with the usage of
   * {@code command} on a bad flag), answers {@code --help}, starts the nodes, drains them on
   * SIGTERM and returns once they have all stopped.
   */
  public static void run(String[] args, String command, Starter starter)
      throws InterruptedException {
    NodeFlags flags;
    try {
      flags = NodeFlags.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(NodeFlags.usage(command));
      System.exit(2);
      return;
    }
    if (flags.help()) {
      System.out.println(NodeFlags.usage(command));
      return;
    }
    List<SymmetricNode> nodes = starter.start(flags, System.out);
    for (SymmetricNode node : nodes) {
      node.drainOnJvmShutdown();
    }
    for (SymmetricNode node : nodes) {
      node.awaitStop();
    }
  }

  /** Starts the nodes the flags describe and says where they listen. */
  static List<SymmetricNode> start(NodeFlags flags, PrintStream out) {
    return start(flags, out, NodeExtension.NONE);
  }

  /**
   * Starts the nodes the flags describe, each with what {@code extension} adds, and says where they
   * listen. On failure the nodes already started are closed.
   */
  public static List<SymmetricNode> start(
      NodeFlags flags, PrintStream out, NodeExtension extension) {
    Optional<String> secret = flags.secret();
    if (secret.isEmpty() && (flags.cluster() > 1 || extension.needsCluster())) {
      secret = Optional.of(generatedSecret());
      out.println(
          "cluster secret (generated for this demo; send it as X-Symmetric-Secret to write): "
              + secret.get());
    }
    List<SymmetricNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < flags.cluster(); i++) {
        String id =
            flags.cluster() == 1
                ? flags.nodeId().orElse("node-1")
                : flags.nodeId().orElse("node") + "-" + (i + 1);
        int port = flags.port() == 0 ? 0 : flags.port() + i;
        Path data =
            flags.cluster() == 1
                ? flags.dataDir().orElse(Path.of("data", id))
                : flags.dataDir().orElse(Path.of("data")).resolve(id);
        SymmetricNode.Builder b =
            SymmetricNode.builder().nodeId(id).host(flags.host()).port(port).dataDir(data);
        Optional<Cluster> membership = Optional.empty();
        if (flags.adminUser().isPresent()) {
          b.admin(flags.adminUser().get(), flags.adminPassword().orElseThrow());
        }
        long graceMillis = flags.drainGrace().toMillis();
        b.http(h -> h.drainGraceMillis(graceMillis));
        if (secret.isPresent()) {
          List<URI> seeds = new ArrayList<>(flags.peers());
          // Demo nodes join through the ones already running; gossip introduces the rest.
          nodes.forEach(n -> seeds.add(n.baseUri()));
          seeds.forEach(b::peer);
          Cluster.Builder clusterBuilder = Cluster.builder();
          extension.cluster(id, clusterBuilder);
          Cluster cluster = clusterBuilder.build();
          membership = Optional.of(cluster);
          b.clusterSecret(secret.get()).component(cluster);
          Optional<Jobs> jobs = jobs(flags, id, cluster, out, extension);
          jobs.ifPresent(b::component);
          extension.node(id, b, Optional.of(cluster), jobs);
        } else {
          extension.node(id, b, Optional.empty(), Optional.empty());
        }
        SymmetricNode node = b.build().start();
        nodes.add(node);
        extension.started(node, membership);
        out.println(
            "node "
                + id
                + " serving "
                + node.baseUri()
                + " (databases at "
                + node.databaseUri("")
                + ", data in "
                + data
                + ")");
      }
    } catch (RuntimeException e) {
      nodes.forEach(SymmetricNode::close);
      throw e;
    }
    if (secret.isPresent()) {
      out.println(
          "cluster: members at /_cluster, replication at /_node/replication, jobs at /_node/jobs"
              + (flags.peers().isEmpty() ? "" : ", joining through " + flags.peers()));
    }
    return nodes;
  }

  /** The demo jobs the flags ask for: each run prints a line on the node that ran it. */
  static Optional<Jobs> jobs(NodeFlags flags, String id, Cluster cluster, PrintStream out) {
    return jobs(flags, id, cluster, out, NodeExtension.NONE);
  }

  private static Optional<Jobs> jobs(
      NodeFlags flags, String id, Cluster cluster, PrintStream out, NodeExtension extension) {
    if (flags.tickEvery().isEmpty() && flags.sweepEvery().isEmpty() && !extension.needsJobs()) {
      return Optional.empty();
    }
    // A short lease so a killed runner is replaced within seconds in the demo.
    Jobs.Builder jobs = Jobs.builder().cluster(cluster).leaseMillis(5_000);
    flags
        .tickEvery()
        .ifPresent(
            every ->
                jobs.recurring(
                    "tick",
                    Schedule.fixedRate(every),
                    ctx ->
                        out.println(
                            id + " ran tick slot " + ctx.slot() + " token " + ctx.token())));
    flags
        .sweepEvery()
        .ifPresent(
            every ->
                jobs.partitioned(
                    "sweep",
                    flags.sweepShards(),
                    Schedule.fixedRate(every),
                    ctx ->
                        out.println(
                            id
                                + " ran sweep shard "
                                + ctx.shard()
                                + "/"
                                + ctx.shards()
                                + " slot "
                                + ctx.slot()
                                + " token "
                                + ctx.token())));
    extension.jobs(id, jobs);
    return Optional.of(jobs.build());
  }

  private static String generatedSecret() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
