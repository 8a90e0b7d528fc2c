package dev.symmetric.jobs.internal;

import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.jobs.spi.ClaimRequest;
import dev.symmetric.jobs.spi.ClaimTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Claim messages as {@code POST /_jobs/claims/<kind>} with the cluster secret. */
final class HttpClaimTransport implements ClaimTransport {
  static final String SECRET_HEADER = "X-Symmetric-Secret";

  private final HttpClient http;
  private final String secret;
  private final Duration timeout;
  private final Function<String, URI> urlOf;

  HttpClaimTransport(String secret, long timeoutMillis, Function<String, URI> urlOf) {
    this.secret = secret;
    this.timeout = Duration.ofMillis(timeoutMillis);
    this.urlOf = urlOf;
    this.http =
        HttpClient.newBuilder()
            // Plain HTTP/1.1 keep-alive: no h2c upgrade attempt on each new connection.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(Math.min(timeoutMillis, 2_000)))
            .build();
  }

  @Override
  public CompletableFuture<ClaimReply> send(String memberId, ClaimRequest request) {
    URI base = urlOf.apply(memberId);
    if (base == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("no URL known for member " + memberId));
    }
    String b = base.toString();
    String url =
        (b.endsWith("/") ? b.substring(0, b.length() - 1) : b)
            + "/_jobs/claims/"
            + request.kind().name().toLowerCase(Locale.ROOT);
    byte[] body;
    try {
      body = ClaimCodec.JSON.writeValueAsBytes(ClaimCodec.encode(request));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(SECRET_HEADER, secret)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            resp -> {
              if (resp.statusCode() != 200) {
                throw new IllegalStateException(
                    "claim "
                        + request.kind()
                        + " to "
                        + memberId
                        + " answered "
                        + resp.statusCode());
              }
              try {
                return ClaimCodec.decodeReply(ClaimCodec.JSON.readTree(resp.body()));
              } catch (java.io.IOException e) {
                throw new IllegalStateException(
                    "claim answer from " + memberId + " is not JSON", e);
              }
            });
  }
}
