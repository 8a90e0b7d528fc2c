package dev.symmetric.http.internal;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.DatabaseApi;
import dev.symmetric.http.HttpServer;
import dev.symmetric.http.HttpServerBuilder;
import dev.symmetric.http.HttpService;
import dev.symmetric.http.ReadinessCheck;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.http.spi.NodeComponent;
import dev.symmetric.http.spi.NodeContext;
import dev.symmetric.http.spi.NodeSetup;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a node's parts in order and stops them in reverse. */
public final class DefaultSymmetricNode implements SymmetricNode {
  private static final Logger log = LoggerFactory.getLogger(DefaultSymmetricNode.class);

  private final NodeConfig config;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Object lifecycle = new Object();
  private DocumentStore store;
  private DatabaseApi api;
  private HttpServer server;
  private boolean starting;
  private volatile boolean closed;

  public DefaultSymmetricNode(NodeConfig config) {
    this.config = config;
  }

  @Override
  public SymmetricNode start() {
    synchronized (lifecycle) {
      if (starting) {
        throw new IllegalStateException("node " + config.nodeId() + " was already started");
      }
      starting = true;
      try {
        startAll();
      } catch (RuntimeException e) {
        closeAll();
        throw e;
      }
    }
    log.info("Node {} ready at {}", config.nodeId(), baseUri());
    return this;
  }

  private void startAll() {
    long t0 = System.nanoTime();
    DocumentStore.Builder sb = DocumentStore.builder().durability(config.durability());
    store =
        (config.storage() != null ? sb.storage(config.storage()) : sb.dataDir(config.dataDir()))
            .build();
    started.push(store);
    api = DatabaseApi.builder(store).version(config.version()).build();
    started.push(api);

    HttpServerBuilder hb =
        HttpServer.builder()
            .nodeId(config.nodeId())
            .version(config.version())
            .host(config.host())
            .port(config.port())
            .service(config.databasePath(), api)
            .nodeInfo("databases", store::databaseNames)
            .onDrained(this::closeAfterDrain);
    config.admins().forEach((user, password) -> hb.basicUser(user, password, true));
    if (config.clusterSecret() != null) {
      hb.clusterSecret(config.clusterSecret());
    }
    if (config.objectMapper() != null) {
      hb.objectMapper(config.objectMapper());
    }
    config.services().forEach(hb::service);
    Setup setup = new Setup(hb);
    for (NodeComponent c : config.components()) {
      c.configure(setup);
    }
    hb.nodeInfo("components", () -> config.components().stream().map(NodeComponent::name).toList());
    config.httpTuning().accept(hb);
    server = hb.build();
    // Components are not started yet: hold readiness until they are.
    ComponentsStarted gate = new ComponentsStarted();
    server.readiness().add("components", gate);
    server.start();
    started.push(server);
    Context context = new Context();
    for (NodeComponent c : config.components()) {
      try {
        c.start(context);
      } catch (Exception e) {
        throw new IllegalStateException("component " + c.name() + " failed to start", e);
      }
      started.push(c);
    }
    gate.open = true;
    log.info("Node {} started in {} ms", config.nodeId(), (System.nanoTime() - t0) / 1_000_000);
  }

  private static final class ComponentsStarted implements ReadinessCheck {
    volatile boolean open;

    @Override
    public dev.symmetric.http.ReadinessStatus status() {
      return open
          ? dev.symmetric.http.ReadinessStatus.READY
          : dev.symmetric.http.ReadinessStatus.STARTING;
    }
  }

  private final class Setup extends NodeFacts implements NodeSetup {
    private final HttpServerBuilder hb;

    Setup(HttpServerBuilder hb) {
      this.hb = hb;
    }

    @Override
    public void service(String basePath, HttpService service) {
      hb.service(basePath, service);
    }

    @Override
    public void readinessCheck(String name, ReadinessCheck check) {
      hb.readinessCheck(name, check);
    }

    @Override
    public void nodeInfo(String field, Supplier<?> value) {
      hb.nodeInfo(field, value);
    }
  }

  /** What both a component's setup and its context tell about the node. */
  private abstract class NodeFacts {
    public String nodeId() {
      return config.nodeId();
    }

    public DocumentStore store() {
      return store;
    }

    public List<URI> peers() {
      return config.peers();
    }

    public Optional<String> clusterSecret() {
      return Optional.ofNullable(config.clusterSecret());
    }

    public String databasePath() {
      return config.databasePath();
    }
  }

  private final class Context extends NodeFacts implements NodeContext {
    @Override
    public HttpServer server() {
      return server;
    }

    @Override
    public URI baseUri() {
      return DefaultSymmetricNode.this.baseUri();
    }
  }

  @Override
  public String nodeId() {
    return config.nodeId();
  }

  @Override
  public int port() {
    return server().port();
  }

  @Override
  public URI baseUri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + host + ":" + port());
  }

  @Override
  public URI databaseUri(String database) {
    return URI.create(baseUri() + config.databasePath() + "/" + database);
  }

  @Override
  public DocumentStore store() {
    if (store == null) {
      throw new IllegalStateException("node " + config.nodeId() + " is not started");
    }
    return store;
  }

  @Override
  public HttpServer server() {
    if (server == null) {
      throw new IllegalStateException("node " + config.nodeId() + " is not started");
    }
    return server;
  }

  @Override
  public void drain() {
    server().drain();
  }

  @Override
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public Thread drainOnJvmShutdown() {
    Thread hook = new Thread(this::drainQuietly, "symmetric-drain-" + config.nodeId());
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private void drainQuietly() {
    if (closed || server == null) {
      return;
    }
    log.info("Node {} draining on shutdown", config.nodeId());
    try {
      server.drain();
    } finally {
      close();
    }
  }

  private void closeAfterDrain() {
    // Runs on the drain's thread after the server closed: stop the rest.
    new Thread(this::close, "symmetric-stop-" + config.nodeId()).start();
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      closeAll();
    }
    stopped.countDown();
    log.info("Node {} stopped", config.nodeId());
  }

  private void closeAll() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("Stopping {} of node {} failed", c, config.nodeId(), e);
      }
    }
  }
}
