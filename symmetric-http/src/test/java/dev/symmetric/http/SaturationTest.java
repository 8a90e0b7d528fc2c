package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SaturationTest {

  @Test
  void answers503WhenWorkersAndQueueAreFull() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    try (HttpServer server =
        HttpServer.builder()
            .port(0)
            .workerThreads(1)
            .workerQueueMax(1)
            .routes(
                r ->
                    r.get(
                        "/block",
                        req -> {
                          running.countDown();
                          release.await(10, TimeUnit.SECONDS);
                          return "done";
                        }))
            .build()
            .start()) {
      Http http = new Http(server);
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      inFlight.add(
          Http.CLIENT.sendAsync(
              http.request("/block").build(), HttpResponse.BodyHandlers.ofString()));
      assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
      inFlight.add(
          Http.CLIENT.sendAsync(
              http.request("/block").build(), HttpResponse.BodyHandlers.ofString()));
      awaitQueued(server, 1);
      HttpResponse<String> rejected = http.get("/block");
      assertThat(rejected.statusCode()).isEqualTo(503);
      assertThat(rejected.body()).contains("\"error\":\"service_unavailable\"");
      assertThat(rejected.headers().firstValue("Retry-After")).hasValue("1");
      // Probes run on the I/O thread and still answer while the workers are busy.
      assertThat(http.get("/_up").statusCode()).isEqualTo(200);
      release.countDown();
      for (CompletableFuture<HttpResponse<String>> f : inFlight) {
        assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
    }
  }

  /** Waits until the pool's queue holds {@code n} requests, as its gauge reports. */
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
