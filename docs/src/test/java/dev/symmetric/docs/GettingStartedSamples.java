package dev.symmetric.docs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.core.WriteResult;
import dev.symmetric.http.Access;
import dev.symmetric.http.HttpService;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.jobs.Schedule;
import dev.symmetric.replication.cluster.Cluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The samples of getting-started.md; {@link GettingStartedTest} runs them. */
final class GettingStartedSamples {
  private GettingStartedSamples() {}

  static SymmetricNode firstNode(Path dataDir, int port) {
    // tag::first-node[]
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId("node-1")
            .port(port) // 8080 on a box; 0 picks a free port
            .dataDir(dataDir.resolve("node-1")) // RocksDB lives here
            .build()
            .start(); // returns once it listens
    // end::first-node[]
    return node;
  }

  static WriteResult firstWrite(SymmetricNode node) {
    // tag::first-write-java[]
    Database orders =
        node.store().findDatabase("orders").orElseGet(() -> node.store().createDatabase("orders"));
    ObjectNode order = new ObjectMapper().createObjectNode().put("item", "book").put("qty", 1);
    WriteResult written = orders.put("o1", order); // durable (fsync) when it returns
    Document read = orders.get("o1"); // {"_id":"o1","_rev":"1-…","item":"book","qty":1}
    // end::first-write-java[]
    if (!read.rev().equals(written.rev())) {
      throw new AssertionError("read " + read.rev() + " after writing " + written.rev());
    }
    return written;
  }

  static List<SymmetricNode> threeNodes(Path dataDir, int port, String secret) {
    // tag::three-nodes[]
    List<SymmetricNode> nodes = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      SymmetricNode.Builder node =
          SymmetricNode.builder()
              .nodeId(id)
              .port(port) // 0 here: any free port; on real boxes, the same port on each
              .dataDir(dataDir.resolve(id))
              .clusterSecret(secret) // the same 16+ characters on every node
              .component(Cluster.builder().build()); // gossip, pull mesh, catch-up
      // Join through any member that is already running; the first node has no seeds.
      nodes.forEach(running -> node.peer(running.baseUri()));
      nodes.add(node.build().start());
    }
    // end::three-nodes[]
    return nodes;
  }

  static WriteResult writeOnA(SymmetricNode a) {
    // tag::write-on-a[]
    Database onA =
        a.store().findDatabase("orders").orElseGet(() -> a.store().createDatabase("orders"));
    WriteResult written = onA.put("o2", new ObjectMapper().createObjectNode().put("item", "pen"));
    // end::write-on-a[]
    return written;
  }

  static Optional<Document> readOnC(SymmetricNode c) {
    // tag::read-on-c[]
    Optional<Document> onC;
    try {
      onC = Optional.of(c.store().database("orders").get("o2"));
    } catch (NotFoundException notYet) { // c has no database or no document yet: retry shortly
      onC = Optional.empty();
    }
    // end::read-on-c[]
    return onC;
  }

  // tag::first-route[]
  /** The application's routes, mounted under /api; every node serves them. */
  static final class OrdersApi implements HttpService {
    private final Supplier<DocumentStore> store; // the node's store, open once the node runs

    OrdersApi(Supplier<DocumentStore> store) {
      this.store = store;
    }

    @Override
    public void routing(Routes routes) {
      routes
          .get("/hello", req -> Map.of("hello", "world"))
          .get("/orders/{id}", req -> orders().get(req.pathParam("id")).toJson())
          .put(
              "/orders/{id}",
              RouteOptions.of(Access.AUTHENTICATED_WRITES).requireJsonBody(),
              req -> {
                ObjectNode order = (ObjectNode) req.bodyJsonTree();
                WriteResult written = orders().put(req.pathParam("id"), order);
                return Response.json(
                    201, Map.of("id", written.id(), "rev", written.rev().toString()));
              });
    }

    private Database orders() {
      return store
          .get()
          .findDatabase("orders")
          .orElseGet(() -> store.get().createDatabase("orders"));
    }
  }

  // end::first-route[]

  static SymmetricNode nodeWithRoutes(Path dataDir, int port) {
    // tag::mount-route[]
    AtomicReference<SymmetricNode> self = new AtomicReference<>();
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId("node-1")
            .port(port)
            .dataDir(dataDir.resolve("node-1"))
            .service("/api", new OrdersApi(() -> self.get().store())) // /api/hello, /api/orders/..
            .build();
    self.set(node);
    node.start();
    // end::mount-route[]
    return node;
  }

  static SymmetricNode nodeWithJob(
      Path dataDir, String id, int port, String secret, List<URI> seeds, List<String> ran) {
    // tag::first-job[]
    Cluster cluster = Cluster.builder().build();
    Jobs jobs =
        Jobs.builder()
            .cluster(cluster) // claims are voted on by the cluster's members
            .recurring(
                "report",
                Schedule.fixedRate(Duration.ofSeconds(1)),
                ctx -> ran.add(ctx.job() + " slot " + ctx.slot() + " token " + ctx.token()))
            .build();
    SymmetricNode.Builder node =
        SymmetricNode.builder()
            .nodeId(id)
            .port(port)
            .dataDir(dataDir.resolve(id))
            .clusterSecret(secret)
            .component(cluster)
            .component(jobs);
    seeds.forEach(node::peer);
    // end::first-job[]
    return node.build().start();
  }
}
