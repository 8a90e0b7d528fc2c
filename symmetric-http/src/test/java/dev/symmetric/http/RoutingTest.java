package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoutingTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static HttpServer server;
  static Http http;

  /** What a CouchDB-like service looks like when mounted as one class. */
  static final class DocsService implements HttpService {
    @Override
    public void routing(Routes routes) {
      routes
          .get("/{db}", r -> Map.of("db", r.pathParam("db")))
          .get("/{db}/{docid}", r -> Map.of("db", r.pathParam("db"), "id", r.pathParam("docid")))
          .get("/{db}/_design/{ddoc...}", r -> Map.of("ddoc", r.pathParam("ddoc")))
          .get("/{db}/_all_docs", r -> Map.of("all", true, "keys", r.queryParams("key")))
          .put("/{db}/{docid}", r -> Response.json(201, Map.of("ok", true)))
          .get("/{db}/q/{x}", r -> Map.of("q", r.queryParams()));
    }
  }

  @BeforeAll
  static void start() {
    server =
        HttpServer.builder()
            .port(0)
            .service("/api", new DocsService())
            .routes(r -> r.get("/", req -> Map.of("couchdb", "Welcome")))
            .build()
            .start();
    http = new Http(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  @Test
  void mountsServicesUnderTheirBasePath() throws Exception {
    assertThat(json(http.get("/")).get("couchdb").asText()).isEqualTo("Welcome");
    assertThat(json(http.get("/api/mydb")).get("db").asText()).isEqualTo("mydb");
  }

  @Test
  void decodesPathParametersExactlyOnce() throws Exception {
    JsonNode slash = json(http.get("/api/db/a%2Fb"));
    assertThat(slash.get("id").asText()).isEqualTo("a/b");
    assertThat(json(http.get("/api/db/a%20b")).get("id").asText()).isEqualTo("a b");
    assertThat(json(http.get("/api/db/a+b")).get("id").asText()).isEqualTo("a+b");
    assertThat(json(http.get("/api/db/%25")).get("id").asText()).isEqualTo("%");
    assertThat(json(http.get("/api/db/%252F")).get("id").asText()).isEqualTo("%2F");
    assertThat(json(http.get("/api/db/%C3%A9t%C3%A9")).get("id").asText()).isEqualTo("été");
  }

  @Test
  void catchAllKeepsSlashes() throws Exception {
    assertThat(json(http.get("/api/db/_design/app/_view/x")).get("ddoc").asText())
        .isEqualTo("app/_view/x");
    assertThat(json(http.get("/api/db/_design/app")).get("ddoc").asText()).isEqualTo("app");
  }

  @Test
  void literalSegmentsWinOverParameters() throws Exception {
    assertThat(json(http.get("/api/db/_all_docs")).get("all").asBoolean()).isTrue();
  }

  @Test
  void invalidEscapesAreBadRequests() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      for (String bad : new String[] {"/api/db/%zz", "/api/db/%C3", "/api/db/%", "/api/db/%ff"}) {
        RawResponse r = c.send(RawClient.get(bad)).read();
        assertThat(r.status()).as(bad).isEqualTo(400);
        assertThat(r.body()).contains("\"error\":\"bad_request\"");
      }
      RawResponse query = c.send(RawClient.get("/api/db/q/x?a=%E0%A4")).read();
      assertThat(query.status()).isEqualTo(400);
    }
  }

  @Test
  void queryParametersAreMultiValuedAndFormDecoded() throws Exception {
    JsonNode q = json(http.get("/api/db/q/x?a=1&a=2&b=x+y&c=%2B&d"));
    assertThat(q.get("q").get("a").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(q.get("q").get("b").get(0).asText()).isEqualTo("x y");
    assertThat(q.get("q").get("c").get(0).asText()).isEqualTo("+");
    assertThat(q.get("q").get("d").get(0).asText()).isEmpty();
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    HttpResponse<String> missing = http.get("/api/db/doc/extra/more");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("error").asText()).isEqualTo("not_found");
    HttpResponse<String> wrong = http.send(http.request("/api/db").DELETE().build());
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(json(wrong).get("error").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void headFallsBackToGetWithoutBody() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      RawResponse r = c.send("HEAD /api/mydb HTTP/1.1\r\nHost: x\r\n\r\n").readHead();
      assertThat(r.status()).isEqualTo(200);
      assertThat(Integer.parseInt(r.header("content-length"))).isPositive();
      // The body was not sent: the next response on the connection parses cleanly.
      r = c.send(RawClient.get("/api/other")).read();
      assertThat(r.body()).contains("other");
    }
  }

  @Test
  void trailingSlashMatchesTheSameRoute() throws Exception {
    assertThat(json(http.get("/api/mydb/")).get("db").asText()).isEqualTo("mydb");
  }
}
