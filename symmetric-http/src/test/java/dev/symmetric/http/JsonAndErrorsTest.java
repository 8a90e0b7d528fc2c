package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.symmetric.core.SymmetricException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JsonAndErrorsTest {
  static final List<String> FILTER_TRACE = new CopyOnWriteArrayList<>();
  static HttpServer server;
  static Http http;

  record Doc(String docName, int count) {}

  @BeforeAll
  static void start() {
    ObjectMapper snake =
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    server =
        HttpServer.builder()
            .port(0)
            .objectMapper(snake)
            .filter(
                (req, next) -> {
                  FILTER_TRACE.add("first:" + req.path());
                  return next.handle(req).thenApply(r -> r.withHeader("X-First", "1"));
                })
            .filter(
                (req, next) -> {
                  FILTER_TRACE.add("second:" + req.path());
                  if (req.header("X-Deny").isPresent()) {
                    return CompletableFuture.completedFuture(Response.error(418, "teapot", "no"));
                  }
                  return next.handle(req);
                })
            .routes(
                r ->
                    r.post("/echo", req -> req.bodyJson(Doc.class))
                        .post("/tree", req -> req.bodyJsonTree())
                        .put(
                            "/strict",
                            RouteOptions.defaults().requireJsonBody(),
                            req -> Map.of("ok", true))
                        .get(
                            "/http-error",
                            req -> {
                              throw new HttpException(409, "conflict", "Document update conflict.");
                            })
                        .get(
                            "/core-error",
                            req -> {
                              throw new SymmetricException(
                                  409, "conflict", "Document update conflict.");
                            })
                        .get(
                            "/bug",
                            req -> {
                              throw new IllegalStateException("secret internal detail");
                            })
                        .get("/null", req -> null)
                        .get("/future", req -> CompletableFuture.supplyAsync(() -> List.of(1, 2)))
                        .getAsync(
                            "/async-fail",
                            req -> CompletableFuture.failedFuture(HttpException.notFound("gone")))
                        .get("/text", req -> Response.text(200, "plain")))
            .build()
            .start();
    http = new Http(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void jsonRoundTripsThroughTheCustomMapper() throws Exception {
    HttpResponse<String> r =
        http.post("/echo", "application/json", "{\"doc_name\":\"a\",\"count\":2}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).isEqualTo("{\"doc_name\":\"a\",\"count\":2}\n");
  }

  @Test
  void malformedJsonIsBadRequest() throws Exception {
    HttpResponse<String> r = http.post("/tree", "application/json", "{\"a\":");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"bad_request\"").contains("invalid UTF-8 JSON");
    assertThat(http.post("/tree", "application/json", "").statusCode()).isEqualTo(400);
  }

  @Test
  void jsonContentTypeIsEnforcedOnlyWhereDeclared() throws Exception {
    HttpResponse<String> r =
        http.send(
            http.request("/strict")
                .header("Content-Type", "text/plain")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).contains("bad_content_type");
    HttpResponse<String> ok =
        http.send(
            http.request("/strict")
                .header("Content-Type", "application/json; charset=utf-8")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(http.post("/tree", "text/plain", "{}").statusCode()).isEqualTo(200);
  }

  @Test
  void typedErrorsBecomeJson() throws Exception {
    HttpResponse<String> http409 = http.get("/http-error");
    assertThat(http409.statusCode()).isEqualTo(409);
    assertThat(http409.body())
        .isEqualTo("{\"error\":\"conflict\",\"reason\":\"Document update conflict.\"}\n");
    HttpResponse<String> core = http.get("/core-error");
    assertThat(core.statusCode()).isEqualTo(409);
    assertThat(core.body()).contains("\"error\":\"conflict\"");
    HttpResponse<String> async = http.get("/async-fail");
    assertThat(async.statusCode()).isEqualTo(404);
  }

  @Test
  void unexpectedErrorsAre500WithoutDetails() throws Exception {
    HttpResponse<String> r = http.get("/bug");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("internal_server_error").doesNotContain("secret");
    assertThat(r.body()).contains(r.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void returnValuesMapToResponses() throws Exception {
    assertThat(http.get("/null").statusCode()).isEqualTo(204);
    assertThat(http.get("/future").body()).isEqualTo("[1,2]\n");
    HttpResponse<String> text = http.get("/text");
    assertThat(text.body()).isEqualTo("plain");
    assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void filtersRunInOrderAndCanShortCircuit() throws Exception {
    FILTER_TRACE.clear();
    HttpResponse<String> r = http.get("/text");
    assertThat(FILTER_TRACE).containsExactly("first:/text", "second:/text");
    assertThat(r.headers().firstValue("X-First")).hasValue("1");
    HttpResponse<String> denied = http.send(http.request("/text").header("X-Deny", "1").build());
    assertThat(denied.statusCode()).isEqualTo(418);
    assertThat(denied.headers().firstValue("X-First")).hasValue("1");
  }
}
