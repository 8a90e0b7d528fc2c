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
    Match best = null;
    Match bestGet = null;
    TreeSet<String> allowed = new TreeSet<>();
    for (RouteSpec route : routes) {
      Map<String, String> params = route.pattern().match(segments);
      if (params == null) {
        continue;
      }
      allowed.add(route.method());
      if (route.method().equals(method)) {
        best = moreSpecific(best, route, params);
      } else if (route.method().equals("GET") && method.equals("HEAD")) {
        bestGet = moreSpecific(bestGet, route, params);
      }
    }
    if (best != null) {
      return best;
    }
    if (bestGet != null) {
      return bestGet;
    }
    if (allowed.isEmpty()) {
      throw HttpException.notFound("no route for this path");
    }
    if (allowed.contains("GET")) {
      allowed.add("HEAD");
    }
    throw new HttpException(
        405, "method_not_allowed", "only " + String.join(",", allowed) + " allowed");
  }

  private static Match moreSpecific(Match current, RouteSpec route, Map<String, String> params) {
    if (current == null || route.pattern().compareSpecificity(current.route().pattern()) < 0) {
      return new Match(route, params);
    }
    return current;
  }
}
