package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PipeliningTest {
  /** Futures the test completes by hand, in whatever order it likes. */
  static final Map<String, CompletableFuture<Object>> PENDING = new ConcurrentHashMap<>();

  static HttpServer server;

  @BeforeAll
  static void start() {
    server =
        HttpServer.builder()
            .port(0)
            .routes(
                r ->
                    r.getAsync(
                            "/later/{name}",
                            req -> {
                              CompletableFuture<Object> f = new CompletableFuture<>();
                              PENDING.put(req.pathParam("name"), f);
                              return f;
                            })
                        .get("/now/{name}", req -> Map.of("name", req.pathParam("name"))))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void answersPipelinedRequestsInRequestOrderWhenHandlersFinishOutOfOrder() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send(
          RawClient.get("/later/a")
              + RawClient.get("/now/b")
              + RawClient.get("/later/c")
              + RawClient.get("/now/d"));
      awaitPending("a", "c");
      PENDING.get("c").complete(Map.of("name", "c"));
      Thread.sleep(50); // give a wrongly ordered server the chance to send c first
      PENDING.get("a").complete(Map.of("name", "a"));
      assertThat(c.read().body()).contains("\"a\"");
      assertThat(c.read().body()).contains("\"b\"");
      assertThat(c.read().body()).contains("\"c\"");
      assertThat(c.read().body()).contains("\"d\"");
    }
  }

  @Test
  void reusesAKeptAliveConnection() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      for (int i = 0; i < 20; i++) {
        RawResponse r = c.send(RawClient.get("/now/n" + i)).read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("n" + i);
        assertThat(r.header("connection")).isNull();
      }
    }
  }

  @Test
  void closesAfterConnectionClose() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      RawResponse r = c.send("GET /now/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
      assertThat(r.header("connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void http10WithoutKeepAliveIsClosed() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      RawResponse r = c.send("GET /now/x HTTP/1.0\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  private static void awaitPending(String... names) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!PENDING.keySet().containsAll(java.util.List.of(names))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("handlers never started: " + PENDING.keySet());
      }
      Thread.sleep(5);
    }
  }
}
