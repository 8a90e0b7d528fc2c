package dev.symmetric.replication.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sends one push-pull gossip exchange to a peer over HTTP with the cluster secret. */
final class GossipClient {
  static final String SECRET_HEADER = "X-Symmetric-Secret";
  static final String GOSSIP_PATH = "/_cluster/gossip";

  private final HttpClient http;
  private final String secret;
  private final Duration requestTimeout;

  GossipClient(String secret, long requestTimeoutMillis) {
    this.secret = secret;
    this.requestTimeout = Duration.ofMillis(requestTimeoutMillis);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(Math.min(requestTimeoutMillis, 5_000)))
            .build();
  }

  /** Pushes our entries to {@code peer}; completes with the peer's entries. */
  CompletableFuture<List<GossipEntry>> exchange(URI peer, String from, List<GossipEntry> ours) {
    byte[] body;
    try {
      body = GossipCodec.MAPPER.writeValueAsBytes(GossipCodec.encode(from, ours));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stripSlash(peer) + GOSSIP_PATH))
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header(SECRET_HEADER, secret)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    "gossip to " + peer + " answered " + response.statusCode());
              }
              try {
                JsonNode root = GossipCodec.MAPPER.readTree(response.body());
                return GossipCodec.decode(root);
              } catch (java.io.IOException e) {
                throw new IllegalStateException("gossip answer from " + peer + " is not JSON", e);
              }
            });
  }

  static String stripSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
