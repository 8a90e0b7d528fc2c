package dev.symmetric.docs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.http.spi.NodeComponent;
import dev.symmetric.http.spi.NodeContext;
import dev.symmetric.http.spi.NodeSetup;
import dev.symmetric.replication.cluster.Cluster;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The samples of embedding.md; {@link EmbeddingSamplesTest} runs them. */
final class EmbeddingSamples {
  private EmbeddingSamples() {}

  /** Runs like a service's main method; {@code started} sees the node once it is up. */
  static void serviceMain(Path dataDir, int port, Consumer<SymmetricNode> started)
      throws InterruptedException {
    // tag::embed-main[]
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId(System.getenv().getOrDefault("NODE_ID", "node-1"))
            .port(port)
            .dataDir(dataDir)
            .build()
            .start();
    Thread hook = node.drainOnJvmShutdown(); // SIGTERM: unready, finish requests, stop
    // end::embed-main[]
    started.accept(node);
    try {
      // tag::embed-await[]
      node.awaitStop(); // returns after a drain (SIGTERM, POST /_node/drain) or close()
      // end::embed-await[]
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  /** What an application route returns. */
  record OrderView(String orderId, int itemCount) {}

  static SymmetricNode ownMapper(Path dataDir, int port) {
    // tag::embed-mapper[]
    ObjectMapper mapper =
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    SymmetricNode node =
        SymmetricNode.builder()
            .port(port)
            .dataDir(dataDir)
            .objectMapper(mapper) // renders and parses your routes' JSON; not the database API's
            .service("/api", routes -> routes.get("/view", req -> new OrderView("o1", 3)))
            .build()
            .start(); // GET /api/view answers {"order_id":"o1","item_count":3}
    // end::embed-mapper[]
    return node;
  }

  static SymmetricNode publicNode(
      Path dataDir,
      int port,
      String adminPassword,
      String secret,
      URI advertised,
      List<URI> seeds) {
    // tag::embed-bind[]
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId("box-1")
            .host("0.0.0.0") // every interface; refused without credentials
            .port(port)
            .dataDir(dataDir)
            .admin("ops", adminPassword) // basic user with the admin role
            .clusterSecret(secret) // peers authenticate with X-Symmetric-Secret
            .component(
                Cluster.builder()
                    .advertiseUrl(advertised) // how peers reach this box, e.g. http://10.0.0.5:8080
                    .seeds(seeds)
                    .build())
            .http(
                http ->
                    http.maxConnections(10_000)
                        .workerThreads(64)
                        .filter(
                            (req, next) ->
                                next.handle(req)
                                    .thenApply(res -> res.withHeader("X-App", "orders"))))
            .build()
            .start();
    // end::embed-bind[]
    return node;
  }

  // tag::embed-component[]
  /** The application as a component: it gets the store before the server starts. */
  static final class OrdersComponent implements NodeComponent {
    @Override
    public String name() {
      return "orders";
    }

    @Override
    public void configure(NodeSetup setup) {
      DocumentStore store = setup.store(); // open already
      setup.service(
          "/orders",
          routes ->
              routes.get(
                  "/{id}", req -> store.database("orders").get(req.pathParam("id")).toJson()));
    }

    @Override
    public void start(NodeContext context) {
      // runs after the server listens, before the node reports ready
      context
          .store()
          .findDatabase("orders")
          .orElseGet(() -> context.store().createDatabase("orders"));
    }

    @Override
    public void close() {}
  }

  // end::embed-component[]

  static SymmetricNode withComponent(Path dataDir, int port) {
    // tag::embed-component-use[]
    SymmetricNode node =
        SymmetricNode.builder()
            .port(port)
            .dataDir(dataDir)
            .component(new OrdersComponent())
            .build()
            .start();
    // end::embed-component-use[]
    return node;
  }
}
