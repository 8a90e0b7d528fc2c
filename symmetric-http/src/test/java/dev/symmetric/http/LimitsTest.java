package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LimitsTest {
  static HttpServer server;

  @BeforeAll
  static void start() {
    server =
        HttpServer.builder()
            .port(0)
            .maxBodyBytes(1_000)
            .maxHeaderBytes(1_024)
            .maxInitialLineBytes(256)
            .requestReadTimeoutMillis(300)
            .idleTimeoutMillis(300)
            .maxConnections(3)
            .routes(r -> r.post("/in", req -> Map.of("size", req.body().length)))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String post(String body) {
    return "POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  @Test
  void acceptsABodyAtTheLimit() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      RawResponse r = c.send(post("x".repeat(1_000))).read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("1000");
    }
  }

  @Test
  void rejectsALargerBodyWith413AndCloses() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      RawResponse r = c.send(post("x".repeat(1_001))).read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.body()).contains("\"error\":\"too_large\"");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void rejectsAChunkedBodyThatGrowsPastTheLimit() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      String chunk = Integer.toHexString(600) + "\r\n" + "y".repeat(600) + "\r\n";
      RawResponse r =
          c.send(
                  "POST /in HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + chunk
                      + chunk
                      + "0\r\n\r\n")
              .read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.header("content-type")).isEqualTo("application/json");
    }
  }

  @Test
  void answersPipelinedRequestsBeforeTheOversizedOne() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send(post("ok") + post("x".repeat(5_000)));
      assertThat(c.read().status()).isEqualTo(200);
      assertThat(c.read().status()).isEqualTo(413);
    }
  }

  @Test
  void rejectsHugeHeadersWith431() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      RawResponse r =
          c.send("GET /in HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(2_000) + "\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(431);
      assertThat(r.body()).contains("header_fields_too_large");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void rejectsALongRequestLineWith414() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      RawResponse r = c.send(RawClient.get("/" + "a".repeat(400))).read();
      assertThat(r.status()).isEqualTo(414);
      assertThat(r.body()).contains("uri_too_long");
    }
  }

  @Test
  void rejectsGarbageWith400() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      RawResponse r = c.send("GET /in HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body()).contains("bad_request");
    }
  }

  @Test
  void closesASlowlorisClient() throws Exception {
    try (RawClient c = new RawClient(server.port(), 3_000)) {
      long start = System.nanoTime();
      // Trickle headers faster than the idle timeout but never finish the request.
      c.send("GET /in HTTP/1.1\r\n");
      for (int i = 0; i < 8; i++) {
        Thread.sleep(100);
        try {
          c.send("X-Slow-" + i + ": y\r\n");
        } catch (java.io.IOException closed) {
          break;
        }
      }
      assertThat(c.closedByServer()).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_500);
    }
  }

  @Test
  void closesAnIdleKeptAliveConnection() throws Exception {
    try (RawClient c = new RawClient(server.port(), 3_000)) {
      assertThat(c.send(post("a")).read().status()).isEqualTo(200);
      long start = System.nanoTime();
      assertThat(c.closedByServer()).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(100L, 2_000L);
    }
  }

  @Test
  void refusesConnectionsBeyondTheBound() throws Exception {
    RawClient[] held = new RawClient[3];
    try {
      for (int i = 0; i < held.length; i++) {
        held[i] = new RawClient(server.port());
        assertThat(held[i].send(post("a")).read().status()).isEqualTo(200);
      }
      try (RawClient extra = new RawClient(server.port())) {
        assertThat(extra.closedByServer()).isTrue();
      }
    } finally {
      for (RawClient c : held) {
        if (c != null) {
          c.close();
        }
      }
    }
  }
}
