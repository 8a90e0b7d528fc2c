package dev.symmetric.http.internal;

import dev.symmetric.http.Filter;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Times each request by method, route template and status. Tagging by template, never by raw path,
 * keeps the number of series bounded whatever paths clients send.
 */
final class MetricsFilter implements Filter {
  static final String METER_NAME = "http.server.requests";
  private final MeterRegistry registry;

  MetricsFilter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public CompletionStage<Response> filter(Request request, Next next) {
    long startNanos = System.nanoTime();
    return next.handle(request)
        .thenApply(
            response -> {
              String route = request.routeTemplate();
              Timer.builder(METER_NAME)
                  .description("HTTP requests answered, by route template and status")
                  .tag("method", knownMethod(request.method()))
                  .tag("route", route.isEmpty() ? "unmatched" : route)
                  .tag("status", Integer.toString(response.status()))
                  .publishPercentileHistogram()
                  .register(registry)
                  .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
              return response;
            });
  }

  /** Bounds the tag values: arbitrary method tokens are folded into one. */
  private static String knownMethod(String method) {
    switch (method) {
      case "GET":
      case "HEAD":
      case "POST":
      case "PUT":
      case "DELETE":
      case "COPY":
      case "OPTIONS":
        return method;
      default:
        return "OTHER";
    }
  }
}
