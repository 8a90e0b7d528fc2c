package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestContextTest {
  static final AtomicReference<Map<String, String>> MDC_IN_HANDLER = new AtomicReference<>();
  static final AtomicReference<String> THREAD_IN_HANDLER = new AtomicReference<>();
  static HttpServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server =
        HttpServer.builder()
            .port(0)
            .nodeId("node-a")
            .filter(
                (req, next) -> {
                  req.attribute("seen-by-filter", "yes");
                  return next.handle(req);
                })
            .routes(
                r ->
                    r.get(
                        "/ctx",
                        req -> {
                          MDC_IN_HANDLER.set(MDC.getCopyOfContextMap());
                          THREAD_IN_HANDLER.set(Thread.currentThread().getName());
                          return Map.of(
                              "id", req.requestId(), "attr", req.attribute("seen-by-filter").get());
                        }))
            .build()
            .start();
    http = new Http(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void echoesASaneRequestId() throws Exception {
    HttpResponse<String> r =
        http.send(http.request("/ctx").header("X-Request-Id", "abc-123").build());
    assertThat(r.headers().firstValue("X-Request-Id")).hasValue("abc-123");
    assertThat(r.body()).contains("\"id\":\"abc-123\"");
    assertThat(r.headers().firstValue("X-Symmetric-Node")).hasValue("node-a");
  }

  @Test
  void replacesAnInsaneRequestId() throws Exception {
    String tooLong = "x".repeat(500);
    HttpResponse<String> r =
        http.send(http.request("/ctx").header("X-Request-Id", tooLong).build());
    assertThat(r.headers().firstValue("X-Request-Id").orElseThrow())
        .isNotEqualTo(tooLong)
        .hasSize(24);
    HttpResponse<String> none = http.get("/ctx");
    assertThat(none.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{24}");
  }

  @Test
  void errorsCarryTheHeadersToo() throws Exception {
    HttpResponse<String> r = http.get("/nowhere");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("X-Symmetric-Node")).hasValue("node-a");
    assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void handlerRunsOnAWorkerWithNodeAndRequestIdInTheMdc() throws Exception {
    HttpResponse<String> r =
        http.send(http.request("/ctx").header("X-Request-Id", "mdc-1").build());
    assertThat(r.body()).contains("\"attr\":\"yes\"");
    assertThat(MDC_IN_HANDLER.get())
        .containsEntry("node", "node-a")
        .containsEntry("requestId", "mdc-1");
    assertThat(THREAD_IN_HANDLER.get()).startsWith("symmetric-http-worker-");
  }
}
