package dev.symmetric.http.internal;

import dev.symmetric.http.HttpException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the route for a request. Linear over the routes, which is fine for the tens of routes a
 * node has; the most specific matching pattern wins.
 */
public final class RouteTable {
  /** A matched route and its decoded path parameters. */
  public record Match(RouteSpec route, Map<String, String> params) {}

  private final List<RouteSpec> routes;

  public RouteTable(List<RouteSpec> routes) {
    this.routes = List.copyOf(routes);
  }

  /** The route for {@code method} and the decoded {@code segments}; 404 or 405 if none. */
  public Match find(String method, List<String> segments) {
    // Only the winner's parameters are decoded into a map: trying a route allocates nothing.
    RouteSpec best = null;
    RouteSpec bestGet = null;
    boolean head = method.equals("HEAD");
    for (RouteSpec route : routes) {
      if (route.method().equals(method)) {
        if (moreSpecific(route, best) && route.pattern().matches(segments)) {
          best = route;
        }
      } else if (head && best == null && route.method().equals("GET")) {
        if (moreSpecific(route, bestGet) && route.pattern().matches(segments)) {
          bestGet = route;
        }
      }
    }
    RouteSpec found = best != null ? best : bestGet;
    if (found != null) {
      return new Match(found, found.pattern().params(segments));
    }
    throw notFoundOrNotAllowed(segments);
  }

  private HttpException notFoundOrNotAllowed(List<String> segments) {
    TreeSet<String> allowed = new TreeSet<>();
    for (RouteSpec route : routes) {
      if (route.pattern().matches(segments)) {
        allowed.add(route.method());
      }
    }
    if (allowed.isEmpty()) {
      return HttpException.notFound("no route for this path");
    }
    if (allowed.contains("GET")) {
      allowed.add("HEAD");
    }
    return new HttpException(
        405, "method_not_allowed", "only " + String.join(",", allowed) + " allowed");
  }

  private static boolean moreSpecific(RouteSpec route, RouteSpec current) {
    return current == null || route.pattern().compareSpecificity(current.pattern()) < 0;
  }
}
