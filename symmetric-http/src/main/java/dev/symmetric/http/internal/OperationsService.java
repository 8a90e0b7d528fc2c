package dev.symmetric.http.internal;

import dev.symmetric.http.Access;
import dev.symmetric.http.HttpService;
import dev.symmetric.http.ReadinessStatus;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The endpoints every node answers: readiness, identity, metrics and drain. */
final class OperationsService implements HttpService {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final NettyHttpServer server;
  private final PrometheusMeterRegistry registry;

  OperationsService(NettyHttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  @Override
  public void routing(Routes routes) {
    // Cheap answers stay on the I/O thread, so probes still work when the workers are saturated.
    routes.getAsync("/_up", request -> CompletableFuture.completedFuture(up()));
    routes.getAsync("/_node", request -> CompletableFuture.completedFuture(node()));
    routes.get("/_metrics", request -> metrics());
    routes.routeAsync(
        "POST",
        "/_node/drain",
        RouteOptions.of(Access.ADMIN),
        request -> {
          server.drainInBackground();
          return CompletableFuture.completedFuture(
              Response.json(202, Map.of("ok", true, "status", "draining")));
        });
  }

  private Response up() {
    ReadinessStatus status = server.readiness().status();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.wireName());
    Map<String, String> checks = new LinkedHashMap<>();
    server.readiness().checks().forEach((name, s) -> checks.put(name, s.wireName()));
    if (!checks.isEmpty()) {
      body.put("checks", checks);
    }
    return Response.json(status == ReadinessStatus.READY ? 200 : 503, body);
  }

  private Map<String, Object> node() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node", server.nodeId());
    body.put("version", server.version());
    body.put("uptime_ms", server.uptimeMillis());
    server.nodeInfoFields().forEach((name, supplier) -> body.put(name, supplier.get()));
    return body;
  }

  private Response metrics() {
    return Response.bytes(200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
  }
}
