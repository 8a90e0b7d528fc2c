package dev.symmetric.http;

/**
 * Where an {@link HttpService} declares its routes.
 *
 * <p>A path is a sequence of segments; a segment is either literal, a parameter such as {@code
 * {db}} that matches one segment, or, as the last segment only, a catch-all such as {@code
 * {docid...}} that matches one or more remaining segments including their slashes. Parameters are
 * percent-decoded exactly once. When several routes match, literal segments win over parameters,
 * and parameters over a catch-all.
 *
 * <p>{@link Handler}s run on the bounded worker pool; {@link AsyncHandler}s run on the I/O thread
 * and must not block. A {@code HEAD} request without its own route is answered by the {@code GET}
 * route, without the body.
 */
public interface Routes {

  Routes route(String method, String path, RouteOptions options, Handler handler);

  Routes routeAsync(String method, String path, RouteOptions options, AsyncHandler handler);

  default Routes get(String path, Handler handler) {
    return route("GET", path, RouteOptions.defaults(), handler);
  }

  default Routes get(String path, RouteOptions options, Handler handler) {
    return route("GET", path, options, handler);
  }

  default Routes post(String path, Handler handler) {
    return route("POST", path, RouteOptions.defaults(), handler);
  }

  default Routes post(String path, RouteOptions options, Handler handler) {
    return route("POST", path, options, handler);
  }

  default Routes put(String path, Handler handler) {
    return route("PUT", path, RouteOptions.defaults(), handler);
  }

  default Routes put(String path, RouteOptions options, Handler handler) {
    return route("PUT", path, options, handler);
  }

  default Routes delete(String path, Handler handler) {
    return route("DELETE", path, RouteOptions.defaults(), handler);
  }

  default Routes delete(String path, RouteOptions options, Handler handler) {
    return route("DELETE", path, options, handler);
  }

  default Routes head(String path, Handler handler) {
    return route("HEAD", path, RouteOptions.defaults(), handler);
  }

  default Routes getAsync(String path, AsyncHandler handler) {
    return routeAsync("GET", path, RouteOptions.defaults(), handler);
  }

  default Routes postAsync(String path, AsyncHandler handler) {
    return routeAsync("POST", path, RouteOptions.defaults(), handler);
  }

  default Routes putAsync(String path, AsyncHandler handler) {
    return routeAsync("PUT", path, RouteOptions.defaults(), handler);
  }

  default Routes deleteAsync(String path, AsyncHandler handler) {
    return routeAsync("DELETE", path, RouteOptions.defaults(), handler);
  }
}
