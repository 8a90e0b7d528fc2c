package dev.symmetric.examples.tickets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.http.HttpException;
import dev.symmetric.http.Response;
import dev.symmetric.replication.cluster.Cluster;
import dev.symmetric.replication.cluster.MemberInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Sends a request to the cluster member that holds a hold's claim and answers with its reply. */
final class PeerForwarder {
  /** Bound on a forwarded request: the holder waits for at most two claim phases of 15 s. */
  static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(40);

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Supplier<Cluster> cluster;
  private final String secret;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  PeerForwarder(Supplier<Cluster> cluster, String secret) {
    this.cluster = cluster;
    this.secret = secret;
  }

  /**
   * The member's reply, without holding a worker thread while it is on its way; a 503 when the
   * member does not answer.
   */
  CompletableFuture<Response> forward(String memberId, String path, ObjectNode body) {
    URI base =
        cluster.get().members().stream()
            .filter(m -> m.id().equals(memberId))
            .map(MemberInfo::url)
            .findFirst()
            .orElseThrow(
                () ->
                    new HttpException(
                        503, "holder_unknown", "node " + memberId + " is not a known member"));
    HttpRequest req;
    try {
      req =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(FORWARD_TIMEOUT)
              .header("Content-Type", "application/json")
              .header("X-Symmetric-Secret", secret)
              .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)))
              .build();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (r, e) ->
                r != null
                    ? Response.bytes(r.statusCode(), "application/json", r.body())
                    : Response.error(
                        503,
                        "holder_unreachable",
                        "node "
                            + memberId
                            + ", which holds this seat, did not answer; the hold lapses on its"
                            + " own"));
  }
}
