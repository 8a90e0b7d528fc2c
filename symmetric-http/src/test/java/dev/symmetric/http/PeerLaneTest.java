package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.StorageEngines;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Peers' replication requests run on a lane of their own: with every worker busy and the worker
 * queue full, a peer holding the cluster secret still reads changes, diffs, fetches, writes
 * replicated revisions and checkpoints, while clients (and anything else) get 503.
 */
class PeerLaneTest {
  private static final String SECRET = "0123456789abcdef-secret";

  @Test
  void peersReplicateWhileClientsSaturateTheWorkers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    try (SymmetricNode node =
        SymmetricNode.builder()
            .port(0)
            .storage(StorageEngines.inMemory())
            .admin("root", "pw")
            .clusterSecret(SECRET)
            .http(b -> b.workerThreads(1).workerQueueMax(1))
            .service(
                "/app",
                routes ->
                    routes.get(
                        "/block",
                        req -> {
                          running.countDown();
                          release.await(30, TimeUnit.SECONDS);
                          return "done";
                        }))
            .build()
            .start()) {
      Http http = new Http(node.server());
      assertThat(send(http, "PUT", "/db/orders", "", SECRET).statusCode()).isEqualTo(201);
      HttpResponse<String> created = send(http, "PUT", "/db/orders/a", "{\"n\":1}", SECRET);
      assertThat(created.statusCode()).isEqualTo(201);
      String rev = created.body().trim().replaceAll(".*\"rev\":\"([^\"]+)\".*", "$1");

      List<CompletableFuture<HttpResponse<String>>> blocked = new ArrayList<>();
      blocked.add(sendAsync(http, "/app/block"));
      assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
      blocked.add(sendAsync(http, "/app/block"));
      awaitQueued(node.server(), 1);

      // The workers are saturated: clients, and the secret on a client route, wait or get 503.
      assertThat(http.get("/db/orders/_changes").statusCode()).isEqualTo(503);
      assertThat(send(http, "PUT", "/db/orders/b", "{}", SECRET).statusCode()).isEqualTo(503);
      assertThat(send(http, "GET", "/db/orders/_changes", null, "wrong-secret").statusCode())
          .isEqualTo(503);
      String replicated =
          "{\"new_edits\":false,\"docs\":[{\"_id\":\"c\",\"_rev\":\"1-abc\",\"x\":1}]}";
      assertThat(
              send(http, "POST", "/db/orders/_bulk_docs", "{\"docs\":[{}]}", SECRET).statusCode())
          .isEqualTo(503);

      // A peer's replication requests take their own lane.
      HttpResponse<String> changes =
          send(http, "GET", "/db/orders/_changes?style=all_docs", null, SECRET);
      assertThat(changes.statusCode()).isEqualTo(200);
      assertThat(changes.body()).contains("\"id\":\"a\"").contains(rev);
      HttpResponse<String> diff =
          send(http, "POST", "/db/orders/_revs_diff", "{\"a\":[\"" + rev + "\",\"9-f\"]}", SECRET);
      assertThat(diff.statusCode()).isEqualTo(200);
      assertThat(diff.body()).contains("\"missing\":[\"9-f\"]");
      HttpResponse<String> fetched =
          send(
              http,
              "POST",
              "/db/orders/_bulk_get?revs=true",
              "{\"docs\":[{\"id\":\"a\",\"rev\":\"" + rev + "\"}]}",
              SECRET);
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(fetched.body()).contains("\"n\":1").contains("_revisions");
      assertThat(send(http, "POST", "/db/orders/_bulk_docs", replicated, SECRET).statusCode())
          .isEqualTo(201);
      assertThat(send(http, "PUT", "/db/orders/_local/ck", "{\"seq\":1}", SECRET).statusCode())
          .isEqualTo(201);
      HttpResponse<String> local = send(http, "GET", "/db/orders/_local/ck", null, SECRET);
      assertThat(local.statusCode()).isEqualTo(200);
      assertThat(local.body()).contains("\"seq\":1");

      release.countDown();
      for (CompletableFuture<HttpResponse<String>> f : blocked) {
        assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      // The replicated revision landed as it was sent.
      HttpResponse<String> c = send(http, "GET", "/db/orders/c", null, SECRET);
      assertThat(c.statusCode()).isEqualTo(200);
      assertThat(c.body()).contains("\"_rev\":\"1-abc\"");
    }
  }

  private static CompletableFuture<HttpResponse<String>> sendAsync(Http http, String target) {
    return Http.CLIENT.sendAsync(
        http.request(target).header("X-Symmetric-Secret", SECRET).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(
      Http http, String method, String target, String body, String secret) throws Exception {
    HttpRequest.Builder b = http.request(target).header("X-Symmetric-Secret", secret);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build());
  }

  /** Waits until the worker queue holds {@code n} requests, as its gauge reports. */
  private static void awaitQueued(HttpServer server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.meterRegistry().get("symmetric.http.workers.queued").gauge().value() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the request never reached the queue");
      }
      Thread.sleep(5);
    }
  }
}
