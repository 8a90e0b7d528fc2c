package dev.symmetric.http.internal;

import dev.symmetric.http.Filter;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times each request by method, route template and status. Tagging by template, never by raw path,
 * keeps the number of series bounded whatever paths clients send.
 */
final class MetricsFilter implements Filter {
  static final String METER_NAME = "http.server.requests";
  private final MeterRegistry registry;
  // Building and registering a timer's id per request cost more than recording into it. The series
  // are bounded (route templates x known methods x statuses), so this map is too.
  private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

  private record Series(String method, String route, int status) {}

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
              Series series =
                  new Series(
                      knownMethod(request.method()),
                      route.isEmpty() ? "unmatched" : route,
                      response.status());
              timers
                  .computeIfAbsent(series, this::register)
                  .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
              return response;
            });
  }

  private Timer register(Series series) {
    return Timer.builder(METER_NAME)
        .description("HTTP requests answered, by route template and status")
        .tag("method", series.method())
        .tag("route", series.route())
        .tag("status", Integer.toString(series.status()))
        .publishPercentileHistogram()
        .register(registry);
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
