package dev.symmetric.examples.tickets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Database;
import dev.symmetric.core.GetOptions;
import dev.symmetric.replication.cluster.Cluster;
import dev.symmetric.replication.cluster.MemberInfo;
import dev.symmetric.replication.cluster.MemberState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Copies a document's revision to other members right away, as replication would a moment later, so
 * that a sale's booking is on a majority of the nodes before the sale is made: if the selling node
 * dies, the others have the booking to settle.
 */
final class Copies {
  /** Bound on copying one document. */
  static final Duration COPY_TIMEOUT = Duration.ofSeconds(5);

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Supplier<Cluster> cluster;
  private final String secret;
  private final String databasePath;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  Copies(Supplier<Cluster> cluster, String secret, String databasePath) {
    this.cluster = cluster;
    this.secret = secret;
    this.databasePath = databasePath;
  }

  /**
   * Writes the current revision of {@code id}, with its history, to the other live members and
   * waits until enough of them have it that, with this node, a majority of all members does.
   *
   * @return whether a majority has it
   */
  boolean toMajority(Database db, String id) throws InterruptedException {
    List<MemberInfo> members =
        cluster.get().members().stream().filter(m -> m.state() != MemberState.REMOVED).toList();
    int need = members.size() / 2; // a majority, counting this node
    if (need == 0) {
      return true;
    }
    ObjectNode doc = db.get(id, GetOptions.defaults().withRevisions(true)).toJson();
    ObjectNode body = MAPPER.createObjectNode().put("new_edits", false);
    body.putArray("docs").add(doc);
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<MemberInfo> others =
        members.stream().filter(m -> !m.self() && m.state() != MemberState.DOWN).toList();
    if (others.size() < need) {
      return false;
    }
    AtomicInteger copied = new AtomicInteger();
    CountDownLatch settled = new CountDownLatch(others.size());
    CountDownLatch enough = new CountDownLatch(need);
    for (MemberInfo m : others) {
      URI uri = m.url().resolve(databasePath + "/" + db.name() + "/_bulk_docs");
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(COPY_TIMEOUT)
              .header("Content-Type", "application/json")
              .header("X-Symmetric-Secret", secret)
              .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
              .build();
      CompletableFuture<Void> unused =
          http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
              .handle(
                  (r, e) -> {
                    if (r != null && r.statusCode() == 201) {
                      copied.incrementAndGet();
                      enough.countDown();
                    }
                    settled.countDown();
                    return null;
                  });
    }
    long deadline = System.nanoTime() + COPY_TIMEOUT.toNanos();
    while (enough.getCount() > 0 && settled.getCount() > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0
          || enough.await(
              Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS)) {
        break;
      }
    }
    return copied.get() >= need;
  }
}
