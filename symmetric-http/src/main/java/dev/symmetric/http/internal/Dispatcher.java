package dev.symmetric.http.internal;

import dev.symmetric.http.Filter;
import dev.symmetric.http.Response;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes a request and runs it through the filters to its handler. Routing, logging and metrics run
 * on the calling I/O thread; the route's own filters and a blocking handler run on the worker pool,
 * with the MDC set around them.
 */
public final class Dispatcher {
  private final RouteTable routes;
  private final Executor workers;
  private final String nodeId;
  private final Filter.Next outer;
  private final Filter.Next inner;
  private final AccessLog accessLog;
  private final PeerLane peerLane;

  public Dispatcher(
      RouteTable routes,
      Executor workers,
      String nodeId,
      MeterRegistry registry,
      Authenticator authenticator,
      List<Filter> userFilters) {
    this(routes, workers, null, nodeId, registry, authenticator, userFilters);
  }

  /** With {@code peerLane} (or null): where peers' replication requests run instead. */
  Dispatcher(
      RouteTable routes,
      Executor workers,
      PeerLane peerLane,
      String nodeId,
      MeterRegistry registry,
      Authenticator authenticator,
      List<Filter> userFilters) {
    this.routes = routes;
    this.workers = workers;
    this.peerLane = peerLane;
    this.nodeId = nodeId;
    this.accessLog = new AccessLog(nodeId);
    Filter recover =
        (request, next) ->
            next.handle(request).exceptionally(e -> ErrorResponses.from(e, request.requestId()));
    this.outer =
        FilterChain.of(
            List.of(new AccessLogFilter(accessLog), new MetricsFilter(registry), recover),
            request -> route((DefaultRequest) request));
    List<Filter> routeFilters = new ArrayList<>();
    routeFilters.add(new AuthFilter(authenticator));
    routeFilters.add(new JsonContentTypeFilter());
    routeFilters.addAll(userFilters);
    this.inner = FilterChain.of(routeFilters, request -> invoke((DefaultRequest) request));
  }

  /** Never fails: every outcome, including errors, completes as a response. */
  public CompletionStage<Response> dispatch(DefaultRequest request) {
    return outer.handle(request);
  }

  private CompletionStage<Response> route(DefaultRequest request) {
    request.match(routes.find(request.method(), request.target().segments()));
    if (!request.match().route().blocking()) {
      return withMdc(request);
    }
    CompletableFuture<Response> result = new CompletableFuture<>();
    Executor pool = peerLane != null && peerLane.accepts(request) ? peerLane.executor() : workers;
    try {
      pool.execute(
          () ->
              withMdc(request)
                  .whenComplete(
                      (response, failure) -> {
                        if (failure != null) {
                          result.completeExceptionally(failure);
                        } else {
                          result.complete(response);
                        }
                      }));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          Response.error(503, "service_unavailable", "the server is at capacity; retry later")
              .withHeader("Retry-After", "1"));
    }
    return result;
  }

  /**
   * Runs {@code task} on the worker pool; for work that must not run on an I/O thread.
   *
   * @throws RejectedExecutionException when the pool is full
   */
  void runOffLoop(Runnable task) {
    workers.execute(task);
  }

  /** Writes the access-log lines still queued; call once no request is left to answer. */
  void close() {
    accessLog.close();
  }

  private CompletionStage<Response> withMdc(DefaultRequest request) {
    Mdc.set(nodeId, request);
    try {
      return inner.handle(request);
    } finally {
      Mdc.clear();
    }
  }

  private static CompletionStage<Response> invoke(DefaultRequest request) {
    RouteSpec route = request.match().route();
    try {
      Object result =
          route.blocking() ? route.handler().handle(request) : route.asyncHandler().handle(request);
      return Results.toResponse(result);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
