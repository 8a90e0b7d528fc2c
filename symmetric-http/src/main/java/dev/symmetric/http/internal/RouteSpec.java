package dev.symmetric.http.internal;

import dev.symmetric.http.AsyncHandler;
import dev.symmetric.http.Handler;
import dev.symmetric.http.RouteOptions;

/**
 * One registered route. Exactly one of {@code handler} (runs on a worker) and {@code asyncHandler}
 * (runs on the I/O thread) is set.
 */
public record RouteSpec(
    String method,
    PathPattern pattern,
    RouteOptions options,
    Handler handler,
    AsyncHandler asyncHandler) {

  public boolean blocking() {
    return handler != null;
  }
}
