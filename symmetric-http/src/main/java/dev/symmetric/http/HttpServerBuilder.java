package dev.symmetric.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.http.internal.BasicUser;
import dev.symmetric.http.internal.Credentials;
import dev.symmetric.http.internal.JvmMetrics;
import dev.symmetric.http.internal.NettyHttpServer;
import dev.symmetric.http.internal.RouteCollector;
import dev.symmetric.http.internal.RouteSpec;
import dev.symmetric.http.internal.ServerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Configures an {@link HttpServer}. Each setter checks its argument at once; {@link #build()}
 * checks the combination. Defaults: {@code 127.0.0.1:5984}, operational endpoints on, no TLS, no
 * users (which is only allowed on a loopback address, where every caller is an admin).
 */
public final class HttpServerBuilder {
  private static final byte[] NO_SALT = new byte[0];

  private String host = "127.0.0.1";
  private int port = 5984;
  private String nodeId;
  private String version = defaultVersion();
  private long maxBodyBytes = 64L * 1024 * 1024;
  private int maxInitialLineBytes = 8 * 1024;
  private int maxHeaderBytes = 16 * 1024;
  private long requestReadTimeoutMillis = 30_000;
  private long idleTimeoutMillis = 120_000;
  private int maxConnections = 2_048;
  private int maxPipelinedRequests = 32;
  private int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  private int workerQueueMax = 1_024;
  private long drainTimeoutMillis = 15_000;
  private long drainGraceMillis = 0;
  private int compressionMinBytes = 1_024;
  private long streamBufferBytesMax = 1024 * 1024;
  private long streamWriteTimeoutMillis = 60_000;
  private ObjectMapper objectMapper;
  private final List<RouteSpec> routes = new ArrayList<>();
  private final List<Filter> filters = new ArrayList<>();
  private final List<BasicUser> users = new ArrayList<>();
  private byte[] clusterSecretDigest;
  private Path tlsCertChainPem;
  private Path tlsKeyPem;
  private boolean operationsEnabled = true;
  private PrometheusMeterRegistry meterRegistry;
  private Runnable onDrained;
  private final Map<String, ReadinessCheck> readinessChecks = new LinkedHashMap<>();
  private final Map<String, Supplier<?>> nodeInfo = new LinkedHashMap<>();

  HttpServerBuilder() {}

  /** The address to bind; anything but loopback needs a basic user or a cluster secret. */
  public HttpServerBuilder host(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return this;
  }

  /** The port to bind; 0 picks a free one, which {@link HttpServer#port()} then tells. */
  public HttpServerBuilder port(int port) {
    this.port = checkRange("port", port, 0, 65_535);
    return this;
  }

  public HttpServerBuilder nodeId(String nodeId) {
    if (nodeId == null || !nodeId.matches("[A-Za-z0-9._@-]{1,128}")) {
      throw new IllegalArgumentException("a node id is 1..128 of [A-Za-z0-9._@-], got " + nodeId);
    }
    this.nodeId = nodeId;
    return this;
  }

  public HttpServerBuilder version(String version) {
    this.version = Objects.requireNonNull(version, "version");
    return this;
  }

  /** Larger request bodies get {@code 413}. */
  public HttpServerBuilder maxBodyBytes(long maxBodyBytes) {
    this.maxBodyBytes = checkRange("maxBodyBytes", maxBodyBytes, 0, Integer.MAX_VALUE);
    return this;
  }

  /** A longer request line gets {@code 414}. */
  public HttpServerBuilder maxInitialLineBytes(int bytes) {
    this.maxInitialLineBytes = checkRange("maxInitialLineBytes", bytes, 64, 1 << 20);
    return this;
  }

  /** Larger headers get {@code 431}. */
  public HttpServerBuilder maxHeaderBytes(int bytes) {
    this.maxHeaderBytes = checkRange("maxHeaderBytes", bytes, 256, 1 << 20);
    return this;
  }

  /** How long a client may take to send one whole request before the connection is closed. */
  public HttpServerBuilder requestReadTimeoutMillis(long millis) {
    this.requestReadTimeoutMillis = checkRange("requestReadTimeoutMillis", millis, 1, 3_600_000);
    return this;
  }

  /** How long a kept-alive connection with nothing in flight stays open. */
  public HttpServerBuilder idleTimeoutMillis(long millis) {
    this.idleTimeoutMillis = checkRange("idleTimeoutMillis", millis, 1, 86_400_000);
    return this;
  }

  /** Connections beyond this are closed on accept. */
  public HttpServerBuilder maxConnections(int max) {
    this.maxConnections = checkRange("maxConnections", max, 1, 1_000_000);
    return this;
  }

  /** Unanswered pipelined requests per connection before the server stops reading it. */
  public HttpServerBuilder maxPipelinedRequests(int max) {
    this.maxPipelinedRequests = checkRange("maxPipelinedRequests", max, 1, 1_024);
    return this;
  }

  /** Threads for blocking handlers. */
  public HttpServerBuilder workerThreads(int threads) {
    this.workerThreads = checkRange("workerThreads", threads, 1, 4_096);
    return this;
  }

  /** Requests waiting for a worker; beyond this callers get {@code 503}. */
  public HttpServerBuilder workerQueueMax(int max) {
    this.workerQueueMax = checkRange("workerQueueMax", max, 1, 1_000_000);
    return this;
  }

  /** How long drain and close wait for in-flight requests. */
  public HttpServerBuilder drainTimeoutMillis(long millis) {
    this.drainTimeoutMillis = checkRange("drainTimeoutMillis", millis, 0, 3_600_000);
    return this;
  }

  /**
   * How long a drain keeps accepting and serving requests after {@code /_up} started answering 503,
   * before it closes the listener: set it above the time your balancer takes to mark a node down
   * from its health checks (interval times failures). Meanwhile every answer carries {@code
   * Connection: close}, so keep-alive clients reconnect through the balancer. Default 0 (close at
   * once: right for a balancer told by its API, as {@code examples/fleet} does). {@link
   * HttpServer#close()} never waits for it.
   */
  public HttpServerBuilder drainGraceMillis(long millis) {
    this.drainGraceMillis = checkRange("drainGraceMillis", millis, 0, 600_000);
    return this;
  }

  /** Bodies smaller than this are sent uncompressed even when the client accepts gzip. */
  public HttpServerBuilder compressionMinBytes(int bytes) {
    this.compressionMinBytes = checkRange("compressionMinBytes", bytes, 0, Integer.MAX_VALUE);
    return this;
  }

  /** Bytes a {@link ResponseStream} may hold unsent before its writer waits. */
  public HttpServerBuilder streamBufferBytesMax(long bytes) {
    this.streamBufferBytesMax = checkRange("streamBufferBytesMax", bytes, 1, 1L << 30);
    return this;
  }

  /** How long a stream writer waits for a slow client before the connection is closed. */
  public HttpServerBuilder streamWriteTimeoutMillis(long millis) {
    this.streamWriteTimeoutMillis = checkRange("streamWriteTimeoutMillis", millis, 1, 3_600_000);
    return this;
  }

  /** The mapper for JSON bodies in both directions; defaults to a plain {@link ObjectMapper}. */
  public HttpServerBuilder objectMapper(ObjectMapper mapper) {
    this.objectMapper = Objects.requireNonNull(mapper, "mapper");
    return this;
  }

  /** Mounts a service's routes under {@code basePath} ({@code ""} or {@code "/"} for the root). */
  public HttpServerBuilder service(String basePath, HttpService service) {
    Objects.requireNonNull(service, "service");
    service.routing(new RouteCollector(basePath, routes));
    return this;
  }

  /** Adds routes at the root, e.g. {@code .routes(r -> r.get("/", h))}. */
  public HttpServerBuilder routes(HttpService service) {
    return service("", service);
  }

  /** Adds a filter; filters run in the order added, after authentication. */
  public HttpServerBuilder filter(Filter filter) {
    filters.add(Objects.requireNonNull(filter, "filter"));
    return this;
  }

  /** Adds an HTTP basic user; {@code admin} grants {@link Access#ADMIN} routes. */
  public HttpServerBuilder basicUser(String name, String password, boolean admin) {
    if (name == null || name.isEmpty() || name.contains(":")) {
      throw new IllegalArgumentException("a user name is non-empty and has no ':'");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("user " + name + " needs a password");
    }
    if (users.stream().anyMatch(u -> u.name().equals(name))) {
      throw new IllegalArgumentException("user " + name + " is already configured");
    }
    users.add(Credentials.user(name, password, admin));
    return this;
  }

  /** The secret peers send in {@code X-Symmetric-Secret}; compared in constant time. */
  public HttpServerBuilder clusterSecret(String secret) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("the cluster secret needs at least 16 characters");
    }
    this.clusterSecretDigest = Credentials.digest(NO_SALT, secret);
    return this;
  }

  /** Serves HTTPS with a PEM certificate chain and a PEM (PKCS#8) private key. */
  public HttpServerBuilder tls(Path certChainPem, Path privateKeyPem) {
    for (Path p : new Path[] {certChainPem, privateKeyPem}) {
      if (p == null || !Files.isReadable(p)) {
        throw new IllegalArgumentException("not a readable file: " + p);
      }
    }
    this.tlsCertChainPem = certChainPem;
    this.tlsKeyPem = privateKeyPem;
    return this;
  }

  /** Turns {@code /_up}, {@code /_node}, {@code /_node/drain} and {@code /_metrics} on or off. */
  public HttpServerBuilder operations(boolean enabled) {
    this.operationsEnabled = enabled;
    return this;
  }

  /** The registry to publish to; by default the server makes one with the JVM meters bound. */
  public HttpServerBuilder meterRegistry(PrometheusMeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  /** Runs after a drain closed the server, so the embedding node can shut down too. */
  public HttpServerBuilder onDrained(Runnable hook) {
    this.onDrained = Objects.requireNonNull(hook, "hook");
    return this;
  }

  public HttpServerBuilder readinessCheck(String name, ReadinessCheck check) {
    readinessChecks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check));
    return this;
  }

  /** Adds a field to {@code GET /_node}, computed on each request. */
  public HttpServerBuilder nodeInfo(String field, Supplier<?> value) {
    nodeInfo.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
    return this;
  }

  public HttpServer build() {
    boolean noCredentials = users.isEmpty() && clusterSecretDigest == null;
    if (noCredentials && !isLoopback(host)) {
      throw new IllegalStateException(
          "binding "
              + host
              + " without credentials would make every caller an admin; add a basicUser or a"
              + " clusterSecret, or bind 127.0.0.1");
    }
    PrometheusMeterRegistry registry = meterRegistry;
    if (registry == null) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      JvmMetrics.bindTo(registry);
    }
    ServerConfig config =
        new ServerConfig(
            host,
            port,
            nodeId == null ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId,
            version,
            maxBodyBytes,
            maxInitialLineBytes,
            maxHeaderBytes,
            requestReadTimeoutMillis,
            idleTimeoutMillis,
            maxConnections,
            maxPipelinedRequests,
            workerThreads,
            workerQueueMax,
            drainTimeoutMillis,
            drainGraceMillis,
            compressionMinBytes,
            streamBufferBytesMax,
            streamWriteTimeoutMillis,
            objectMapper == null ? new ObjectMapper() : objectMapper,
            List.copyOf(routes),
            List.copyOf(filters),
            List.copyOf(users),
            clusterSecretDigest,
            tlsCertChainPem,
            tlsKeyPem,
            operationsEnabled,
            registry,
            onDrained,
            new LinkedHashMap<>(readinessChecks),
            new LinkedHashMap<>(nodeInfo));
    return new NettyHttpServer(config, registry);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve host " + host, e);
    }
  }

  private static String defaultVersion() {
    String v = HttpServerBuilder.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static int checkRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  private static long checkRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }
}
