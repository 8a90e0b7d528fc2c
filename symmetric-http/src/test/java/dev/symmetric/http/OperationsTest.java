package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OperationsTest {

  @Test
  void upReportsLifecycleAndChecks() throws Exception {
    AtomicReference<ReadinessStatus> replication =
        new AtomicReference<>(ReadinessStatus.CATCHING_UP);
    HttpServer server =
        HttpServer.builder().port(0).readinessCheck("replication", replication::get).build();
    assertThat(server.readiness().status()).isEqualTo(ReadinessStatus.STARTING);
    try (server) {
      server.start();
      Http http = new Http(server);
      HttpResponse<String> catchingUp = http.get("/_up");
      assertThat(catchingUp.statusCode()).isEqualTo(503);
      assertThat(catchingUp.body()).contains("\"status\":\"catching_up\"");
      replication.set(ReadinessStatus.READY);
      HttpResponse<String> up = http.get("/_up");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).startsWith("{\"status\":\"ok\"");
      server.readiness().add("index", () -> ReadinessStatus.STARTING);
      assertThat(http.get("/_up").body()).contains("\"status\":\"starting\"");
      server.readiness().remove("index");
      assertThat(http.get("/_up").statusCode()).isEqualTo(200);
    }
    assertThat(server.readiness().status()).isEqualTo(ReadinessStatus.DRAINING);
  }

  @Test
  void nodeReportsIdentityAndContributedFields() throws Exception {
    try (HttpServer server =
        HttpServer.builder()
            .port(0)
            .nodeId("n1")
            .version("1.2.3")
            .nodeInfo("storage", () -> Map.of("engine", "memory"))
            .build()
            .start()) {
      server.nodeInfo("peers", () -> 2);
      String body = new Http(server).get("/_node").body();
      assertThat(body)
          .contains("\"node\":\"n1\"")
          .contains("\"version\":\"1.2.3\"")
          .contains("\"uptime_ms\":")
          .contains("\"storage\":{\"engine\":\"memory\"}")
          .contains("\"peers\":2");
    }
  }

  @Test
  void metricsExposeRequestsByRouteAndJvmMeters() throws Exception {
    try (HttpServer server =
        HttpServer.builder().port(0).routes(r -> r.get("/db/{id}", req -> "x")).build().start()) {
      Http http = new Http(server);
      http.get("/db/a");
      http.get("/db/b");
      http.get("/missing");
      server.meterRegistry().counter("symmetric.test.custom").increment();
      HttpResponse<String> metrics = http.get("/_metrics");
      assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain");
      assertThat(metrics.body())
          .containsPattern(
              "http_server_requests_seconds_count\\{[^}]*route=\"/db/\\{id}\""
                  + "[^}]*status=\"200\"[^}]*} 2")
          .contains("route=\"unmatched\"")
          .contains("http_server_requests_seconds_bucket")
          .contains("jvm_memory_used_bytes")
          .contains("jvm_threads_live_threads")
          .contains("process_uptime_seconds")
          .contains("symmetric_test_custom_total 1.0");
    }
  }

  @Test
  void operationsCanBeTurnedOff() throws Exception {
    try (HttpServer server = HttpServer.builder().port(0).operations(false).build().start()) {
      assertThat(new Http(server).get("/_up").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void drainFinishesInFlightRequestsThenStopsAndRunsTheHook() throws Exception {
    CountDownLatch handlerStarted = new CountDownLatch(1);
    CompletableFuture<Object> slow = new CompletableFuture<>();
    CountDownLatch drained = new CountDownLatch(1);
    HttpServer server =
        HttpServer.builder()
            .port(0)
            .onDrained(drained::countDown)
            .routes(
                r ->
                    r.getAsync(
                        "/slow",
                        req -> {
                          handlerStarted.countDown();
                          return slow;
                        }))
            .build()
            .start();
    Http http = new Http(server);
    CompletableFuture<HttpResponse<String>> inFlight =
        Http.CLIENT.sendAsync(http.request("/slow").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(handlerStarted.await(5, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> drain =
        http.send(http.request("/_node/drain").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(drain.statusCode()).isEqualTo(202);
    assertThat(server.readiness().status()).isEqualTo(ReadinessStatus.DRAINING);
    assertThat(drained.getCount()).isEqualTo(1);

    slow.complete(Map.of("finished", true));
    assertThat(inFlight.get(5, TimeUnit.SECONDS).body()).contains("finished");
    assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(isListening(server.port())).isFalse();
  }

  @Test
  void drainGivesUpOnStuckRequestsAfterItsBound() throws Exception {
    HttpServer server =
        HttpServer.builder()
            .port(0)
            .drainTimeoutMillis(200)
            .routes(r -> r.getAsync("/stuck", req -> new CompletableFuture<>()))
            .build()
            .start();
    CompletableFuture<HttpResponse<String>> stuck =
        Http.CLIENT.sendAsync(
            new Http(server).request("/stuck").build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(100);
    long start = System.nanoTime();
    server.drain();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
    assertThat(stuck).failsWithin(5, TimeUnit.SECONDS);
  }

  @Test
  void closeIsIdempotentAndStartOnlyOnce() {
    HttpServer server = HttpServer.builder().port(0).build().start();
    org.assertj.core.api.Assertions.assertThatThrownBy(server::start)
        .isInstanceOf(IllegalStateException.class);
    server.close();
    server.close();
  }

  @Test
  void drainOnJvmShutdownRegistersARemovableHook() {
    try (HttpServer server = HttpServer.builder().port(0).build().start()) {
      Thread hook = server.drainOnJvmShutdown();
      assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isTrue();
    }
  }

  static boolean isListening(int port) {
    try {
      new java.net.Socket("127.0.0.1", port).close();
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
