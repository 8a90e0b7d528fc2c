package dev.symmetric.docs;

import dev.symmetric.http.Access;
import dev.symmetric.http.HttpException;
import dev.symmetric.http.HttpServer;
import dev.symmetric.http.HttpService;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The samples of http.md; {@link HttpSamplesTest} runs them. */
final class HttpSamples {
  private HttpSamples() {}

  /** What the application sends and receives. */
  record Order(String item, int qty) {}

  /** The application's own logic, here a map. */
  static final class Orders {
    private final Map<String, Order> byId = new ConcurrentHashMap<>();

    Order find(String id) {
      Order o = byId.get(id);
      if (o == null) {
        throw HttpException.notFound("no order " + id);
      }
      return o;
    }

    Order save(String id, Order order) {
      byId.put(id, order);
      return order;
    }

    CompletionStage<Map<String, String>> statusAsync(String id) {
      return CompletableFuture.completedFuture(
          Map.of("id", id, "status", byId.containsKey(id) ? "known" : "unknown"));
    }
  }

  // tag::http-service[]
  static final class OrdersService implements HttpService {
    private final Orders orders;

    OrdersService(Orders orders) {
      this.orders = orders;
    }

    @Override
    public void routing(Routes routes) {
      routes
          .get("/{id}", req -> orders.find(req.pathParam("id"))) // rendered as JSON
          .put(
              "/{id}",
              RouteOptions.of(Access.AUTHENTICATED).requireJsonBody(),
              req ->
                  Response.json(201, orders.save(req.pathParam("id"), req.bodyJson(Order.class))))
          .getAsync("/{id}/status", req -> orders.statusAsync(req.pathParam("id")));
    }
  }

  // end::http-service[]

  static HttpServer server(Orders orders, int port, String adminPassword) {
    // tag::http-server[]
    HttpServer server =
        HttpServer.builder()
            .port(port) // 0 picks a free port; server.port() tells it
            .nodeId("orders-1")
            .basicUser("admin", adminPassword, true)
            .service("/orders", new OrdersService(orders))
            .filter((req, next) -> next.handle(req)) // cross-cutting concerns go here
            .build()
            .start();
    Thread drain = server.drainOnJvmShutdown(); // SIGTERM drains in-flight requests first
    // end::http-server[]
    Runtime.getRuntime().removeShutdownHook(drain);
    return server;
  }
}
