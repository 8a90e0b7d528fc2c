package dev.symmetric.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.http.internal.DefaultSymmetricNode;
import dev.symmetric.http.internal.NodeConfig;
import dev.symmetric.http.spi.NodeComponent;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One symmetric node: the document store, the HTTP server with the database API, the application's
 * own routes, and the components other modules add (replication, jobs). The entry point for
 * embedding a node in a service:
 *
 * <pre>{@code
 * try (SymmetricNode node = SymmetricNode.builder()
 *     .nodeId("box-1")
 *     .port(8080)
 *     .dataDir(Path.of("data/box-1"))
 *     .service("/api", routes -> routes.get("/hello", req -> Map.of("hello", "world")))
 *     .build()
 *     .start()) {
 *   node.awaitStop();
 * }
 * }</pre>
 *
 * <p>{@link #start()} opens the store, builds and starts the server, then the components; {@link
 * #close()} stops them in reverse order. {@link #drain()} first stops being ready and lets
 * in-flight requests finish.
 */
public interface SymmetricNode extends AutoCloseable {

  static Builder builder() {
    return new Builder();
  }

  /** Starts everything; returns this node once it listens. May be called once. */
  SymmetricNode start();

  String nodeId();

  /** The bound HTTP port. */
  int port();

  /** The URL of this node, e.g. {@code http://127.0.0.1:8080}. */
  URI baseUri();

  /** The URL of a database on this node, e.g. {@code http://127.0.0.1:8080/db/orders}. */
  URI databaseUri(String database);

  DocumentStore store();

  HttpServer server();

  /** Stops being ready, finishes in-flight requests (bounded), then stops the node. */
  void drain();

  /** Blocks until the node has stopped, by {@link #close()}, a drain or SIGTERM. */
  void awaitStop() throws InterruptedException;

  /**
   * Registers a JVM shutdown hook (SIGTERM) that drains this node; returns it so it can be removed.
   */
  Thread drainOnJvmShutdown();

  /** Stops the node; idempotent. */
  @Override
  void close();

  /** Composes a node; each setting is checked when set. */
  final class Builder {
    String nodeId;
    String host = "127.0.0.1";
    int port = 8080;
    Path dataDir;
    StorageEngine storage;
    Durability durability = Durability.SYNC;
    String databasePath = "/db";
    final Map<String, String[]> users = new LinkedHashMap<>();
    String clusterSecret;
    final List<URI> peers = new ArrayList<>();
    final Map<String, HttpService> services = new LinkedHashMap<>();
    final List<NodeComponent> components = new ArrayList<>();
    ObjectMapper objectMapper;
    Consumer<HttpServerBuilder> httpTuning = b -> {};
    String version = "0.1.0";

    private Builder() {}

    /** A stable name for this node; it appears in responses and metrics. */
    public Builder nodeId(String id) {
      if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "a node id is 1 to 64 letters, digits, '.', '_' or '-': " + id);
      }
      this.nodeId = id;
      return this;
    }

    /** The address to bind; 127.0.0.1 unless told otherwise. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port to bind; 0 picks a free one. Default 8080. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Keeps data with RocksDB under {@code dir}. */
    public Builder dataDir(Path dir) {
      if (storage != null) {
        throw new IllegalStateException("choose either dataDir or storage, not both");
      }
      this.dataDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Keeps data in {@code engine}; the node closes it when it stops. */
    public Builder storage(StorageEngine engine) {
      if (dataDir != null) {
        throw new IllegalStateException("choose either dataDir or storage, not both");
      }
      this.storage = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** When writes are acknowledged; {@link Durability#SYNC} (after fsync) by default. */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** Where the database API is mounted; {@code /db} by default. */
    public Builder databasePath(String path) {
      if (path == null || !path.matches("(/[A-Za-z0-9._~-]+)+")) {
        throw new IllegalArgumentException("a database path looks like /db, was " + path);
      }
      this.databasePath = path;
      return this;
    }

    /** An HTTP basic user with the admin role; once any user or secret is set, writes need one. */
    public Builder admin(String user, String password) {
      if (user == null || user.isEmpty() || user.contains(":")) {
        throw new IllegalArgumentException("a user name is non-empty and has no ':'");
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("user " + user + " needs a password");
      }
      users.put(user, new String[] {password});
      return this;
    }

    /** The secret every node of the cluster shares (at least 16 characters). */
    public Builder clusterSecret(String secret) {
      if (secret == null || secret.length() < 16) {
        throw new IllegalArgumentException("the cluster secret needs at least 16 characters");
      }
      this.clusterSecret = secret;
      return this;
    }

    /** Seed peers, e.g. {@code http://10.0.0.2:8080}; used by replication. */
    public Builder peer(URI peer) {
      Objects.requireNonNull(peer, "peer");
      if (!"http".equals(peer.getScheme()) && !"https".equals(peer.getScheme())) {
        throw new IllegalArgumentException("a peer URL is http:// or https://, was " + peer);
      }
      peers.add(peer);
      return this;
    }

    /** The application's own routes under {@code basePath}. */
    public Builder service(String basePath, HttpService service) {
      Objects.requireNonNull(basePath, "basePath");
      if (services.containsKey(basePath)) {
        throw new IllegalArgumentException("a service is already mounted at " + basePath);
      }
      services.put(basePath, Objects.requireNonNull(service, "service"));
      return this;
    }

    /** The application's ObjectMapper for its routes' JSON. */
    public Builder objectMapper(ObjectMapper mapper) {
      this.objectMapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /** A module that starts and stops with the node. */
    public Builder component(NodeComponent component) {
      components.add(Objects.requireNonNull(component, "component"));
      return this;
    }

    /** Direct access to the HTTP server's settings (limits, TLS, filters), applied last. */
    public Builder http(Consumer<HttpServerBuilder> tuning) {
      this.httpTuning = this.httpTuning.andThen(Objects.requireNonNull(tuning, "tuning"));
      return this;
    }

    /** The version reported in {@code /_node} and at the database root. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    public SymmetricNode build() {
      if (dataDir == null && storage == null) {
        throw new IllegalStateException("set dataDir(..) or storage(..) before build()");
      }
      if (services.containsKey(databasePath)) {
        throw new IllegalStateException(
            "a service is mounted at the database path " + databasePath);
      }
      String id =
          nodeId != null ? nodeId : "node-" + Long.toHexString(System.nanoTime() & 0xffffff);
      Map<String, String> credentials = new LinkedHashMap<>();
      users.forEach((u, p) -> credentials.put(u, p[0]));
      return new DefaultSymmetricNode(
          new NodeConfig(
              id,
              host,
              port,
              dataDir,
              storage,
              durability,
              databasePath,
              credentials,
              clusterSecret,
              List.copyOf(peers),
              new LinkedHashMap<>(services),
              List.copyOf(components),
              objectMapper,
              httpTuning,
              version));
    }
  }
}
