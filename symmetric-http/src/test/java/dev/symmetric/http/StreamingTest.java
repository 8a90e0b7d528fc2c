package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamingTest {
  static final CountDownLatch DISCONNECT_SEEN = new CountDownLatch(1);
  static final AtomicBoolean WRITE_FAILED_AFTER_DISCONNECT = new AtomicBoolean();
  static HttpServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server =
        HttpServer.builder()
            .port(0)
            .compressionMinBytes(256)
            .routes(
                r ->
                    r.get(
                            "/feed",
                            req ->
                                Response.stream(
                                    200,
                                    "application/json",
                                    s -> {
                                      for (int i = 0; i < 5; i++) {
                                        s.write("{\"seq\":" + i + "}\n");
                                        s.flush();
                                      }
                                      s.close();
                                    }))
                        .get(
                            "/forever",
                            req ->
                                Response.stream(
                                    200,
                                    "text/event-stream",
                                    s -> {
                                      s.onDisconnect(DISCONNECT_SEEN::countDown);
                                      Thread writer =
                                          new Thread(
                                              () -> {
                                                try {
                                                  while (true) {
                                                    s.write("data: tick\n\n");
                                                    s.flush();
                                                    Thread.sleep(10);
                                                  }
                                                } catch (StreamClosedException e) {
                                                  WRITE_FAILED_AFTER_DISCONNECT.set(true);
                                                } catch (InterruptedException e) {
                                                  Thread.currentThread().interrupt();
                                                }
                                              });
                                      writer.setDaemon(true);
                                      writer.start();
                                    }))
                        .get("/big", req -> Map.of("data", "x".repeat(10_000)))
                        .get("/small", req -> Map.of("ok", true)))
            .build()
            .start();
    http = new Http(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void streamsAChunkedBody() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      RawResponse r = c.send(RawClient.get("/feed")).read();
      assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(r.body())
          .isEqualTo("{\"seq\":0}\n{\"seq\":1}\n{\"seq\":2}\n{\"seq\":3}\n{\"seq\":4}\n");
      // The connection stays usable after a stream ends.
      assertThat(c.send(RawClient.get("/small")).read().status()).isEqualTo(200);
    }
  }

  @Test
  void streamedResponsesKeepTheirPlaceInThePipeline() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send(RawClient.get("/feed") + RawClient.get("/small") + RawClient.get("/feed"));
      assertThat(c.read().body()).startsWith("{\"seq\":0}");
      assertThat(c.read().body()).contains("\"ok\"");
      assertThat(c.read().body()).endsWith("{\"seq\":4}\n");
    }
  }

  @Test
  void tellsTheWriterWhenTheClientDisconnects() throws Exception {
    RawClient c = new RawClient(server.port());
    c.send(RawClient.get("/forever"));
    assertThat(c.readStatusLine()).contains("200");
    c.close();
    assertThat(DISCONNECT_SEEN.await(5, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!WRITE_FAILED_AFTER_DISCONNECT.get() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(WRITE_FAILED_AFTER_DISCONNECT).isTrue();
  }

  @Test
  void gzipsLargeBodiesWhenAsked() throws Exception {
    HttpResponse<byte[]> r =
        Http.CLIENT.send(
            http.request("/big").header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String body =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(body).startsWith("{\"data\":\"xxx");
  }

  @Test
  void leavesTinyBodiesAndUnaskedClientsAlone() throws Exception {
    HttpResponse<String> small =
        http.send(http.request("/small").header("Accept-Encoding", "gzip").build());
    assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
    HttpResponse<String> plain = http.get("/big");
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void gzipsStreamsChunkByChunk() throws Exception {
    HttpResponse<byte[]> r =
        Http.CLIENT.send(
            http.request("/feed").header("Accept-Encoding", "gzip").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    String body =
        "gzip".equals(r.headers().firstValue("Content-Encoding").orElse(""))
            ? new String(
                new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
                StandardCharsets.UTF_8)
            : new String(r.body(), StandardCharsets.UTF_8);
    assertThat(body).endsWith("{\"seq\":4}\n");
  }

  @Test
  void postBodiesAreReadWhole() throws Exception {
    HttpResponse<String> r =
        http.send(http.request("/small").POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertThat(r.statusCode()).isEqualTo(405);
  }
}
