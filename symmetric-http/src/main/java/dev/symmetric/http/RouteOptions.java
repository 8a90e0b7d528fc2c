package dev.symmetric.http;

import java.util.Objects;

/**
 * Per-route requirements checked before the handler runs.
 *
 * @param access who may call the route
 * @param jsonBodyRequired whether POST and PUT bodies must declare {@code application/json}; if
 *     they do not, the caller gets {@code 415}
 */
public record RouteOptions(Access access, boolean jsonBodyRequired) {
  public RouteOptions {
    Objects.requireNonNull(access, "access");
  }

  /** Public, any content type: what a route gets when it declares nothing. */
  public static RouteOptions defaults() {
    return new RouteOptions(Access.PUBLIC, false);
  }

  public static RouteOptions of(Access access) {
    return new RouteOptions(access, false);
  }

  public RouteOptions withAccess(Access newAccess) {
    return new RouteOptions(newAccess, jsonBodyRequired);
  }

  public RouteOptions requireJsonBody() {
    return new RouteOptions(access, true);
  }
}
