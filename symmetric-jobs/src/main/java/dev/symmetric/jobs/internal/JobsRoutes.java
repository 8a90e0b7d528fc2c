package dev.symmetric.jobs.internal;

import dev.symmetric.http.Access;
import dev.symmetric.http.HttpException;
import dev.symmetric.http.HttpService;
import dev.symmetric.http.Request;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** {@code POST /_jobs/claims/{kind}} for peers holding the secret, {@code GET /_node/jobs}. */
final class JobsRoutes implements HttpService {
  private final Supplier<DefaultJobs.Running> running;
  private final byte[] secret;
  private final Executor acceptorThreads;

  JobsRoutes(Supplier<DefaultJobs.Running> running, String secret, Executor acceptorThreads) {
    this.running = running;
    this.acceptorThreads = acceptorThreads;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void routing(Routes routes) {
    routes.routeAsync(
        "POST",
        "/_jobs/claims/{kind}",
        RouteOptions.of(Access.AUTHENTICATED).requireJsonBody(),
        this::claim);
    routes.get("/_node/jobs", request -> started().status());
  }

  private CompletionStage<Object> claim(Request request) {
    // The server checked credentials; a basic user is not a peer, so check the secret itself.
    byte[] given =
        request
            .header(HttpClaimTransport.SECRET_HEADER)
            .orElse("")
            .getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, secret)) {
      throw new HttpException(403, "forbidden", "claim messages need the cluster secret");
    }
    dev.symmetric.jobs.spi.ClaimRequest r;
    try {
      r = ClaimCodec.decodeRequest(request.pathParam("kind"), request.bodyJsonTree());
    } catch (IllegalArgumentException e) {
      throw HttpException.badRequest(e.getMessage());
    }
    DefaultJobs.Running running = started();
    // Storage writes block: off the I/O thread. A joined member's catch-up holds no thread.
    CompletableFuture<dev.symmetric.jobs.spi.ClaimRequest> queued;
    try {
      queued = CompletableFuture.supplyAsync(() -> r, acceptorThreads);
    } catch (RejectedExecutionException e) {
      // The proposer counts this member as silent for this phase.
      throw new HttpException(503, "busy", "claim messages are queued to the bound or closing");
    }
    return queued.thenCompose(running.claims()::answerAsync).thenApply(ClaimCodec::encode);
  }

  private DefaultJobs.Running started() {
    DefaultJobs.Running r = running.get();
    if (r == null) {
      throw new HttpException(503, "starting", "jobs are not started yet; retry shortly");
    }
    return r;
  }
}
