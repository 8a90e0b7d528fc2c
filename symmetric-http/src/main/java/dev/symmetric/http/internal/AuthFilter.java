package dev.symmetric.http.internal;

import dev.symmetric.http.Access;
import dev.symmetric.http.Filter;
import dev.symmetric.http.Principal;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Enforces the access a route declared: 401 without valid credentials, 403 without the role. */
final class AuthFilter implements Filter {
  private final Authenticator authenticator;

  AuthFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public CompletionStage<Response> filter(Request request, Next next) {
    DefaultRequest req = (DefaultRequest) request;
    Optional<Principal> principal;
    try {
      principal = authenticator.authenticate(request);
    } catch (Authenticator.BadCredentials e) {
      return unauthorized(e.getMessage());
    }
    principal.ifPresent(req::principal);
    Access access = req.match().route().options().access();
    boolean read = request.method().equals("GET") || request.method().equals("HEAD");
    boolean needsCaller =
        access == Access.AUTHENTICATED
            || access == Access.ADMIN
            || (access == Access.AUTHENTICATED_WRITES && !read);
    if (needsCaller && principal.isEmpty()) {
      return unauthorized("authentication required");
    }
    if (access == Access.ADMIN && !principal.get().admin()) {
      return CompletableFuture.completedFuture(
          Response.error(403, "forbidden", "you are not a server admin"));
    }
    return next.handle(request);
  }

  private static CompletionStage<Response> unauthorized(String reason) {
    return CompletableFuture.completedFuture(
        Response.error(401, "unauthorized", reason)
            .withHeader("WWW-Authenticate", "Basic realm=\"symmetric\""));
  }
}
