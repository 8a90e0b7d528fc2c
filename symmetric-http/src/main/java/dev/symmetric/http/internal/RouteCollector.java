package dev.symmetric.http.internal;

import dev.symmetric.http.AsyncHandler;
import dev.symmetric.http.Handler;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Collects the routes of one service under its base path, validating each at once. */
public final class RouteCollector implements Routes {
  private final String basePath;
  private final List<RouteSpec> sink;

  public RouteCollector(String basePath, List<RouteSpec> sink) {
    this.basePath = PathPattern.normalizeBase(basePath);
    this.sink = sink;
  }

  @Override
  public Routes route(String method, String path, RouteOptions options, Handler handler) {
    Objects.requireNonNull(handler, "handler");
    add(method, path, options, handler, null);
    return this;
  }

  @Override
  public Routes routeAsync(String method, String path, RouteOptions options, AsyncHandler handler) {
    Objects.requireNonNull(handler, "handler");
    add(method, path, options, null, handler);
    return this;
  }

  private void add(
      String method, String path, RouteOptions options, Handler handler, AsyncHandler async) {
    Objects.requireNonNull(options, "options");
    String m = method.toUpperCase(Locale.ROOT);
    if (!m.matches("[A-Z]{1,16}")) {
      throw new IllegalArgumentException("not an HTTP method: " + method);
    }
    // "/" under a base path is the base itself: a service's root route.
    String full = path.equals("/") && !basePath.isEmpty() ? basePath : basePath + path;
    PathPattern pattern = PathPattern.compile(full);
    for (RouteSpec existing : sink) {
      if (existing.method().equals(m) && existing.pattern().sameShape(pattern)) {
        throw new IllegalArgumentException(
            "route " + m + " " + pattern.template() + " clashes with " + existing.pattern());
      }
    }
    sink.add(new RouteSpec(m, pattern, options, handler, async));
  }
}
