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

  Response forward(String memberId, String path, ObjectNode body) throws InterruptedException {
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
    try {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return Response.bytes(r.statusCode(), "application/json", r.body());
    } catch (IOException e) {
      throw new HttpException(
          503,
          "holder_unreachable",
          "node "
              + memberId
              + ", which holds this seat, did not answer; the hold lapses on its own");
    }
  }
}
