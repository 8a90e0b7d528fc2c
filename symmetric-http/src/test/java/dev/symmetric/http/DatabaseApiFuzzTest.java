package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input against the database API: generated requests with malformed bodies, ids, revisions
 * and parameters. The node must never answer 5xx, and a 4xx answer must change nothing.
 */
class DatabaseApiFuzzTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static DocumentStore store;
  private static DatabaseApi api;
  private static HttpServer server;

  @BeforeContainer
  static void start() throws Exception {
    store = DocumentStore.builder().storage(StorageEngines.inMemory()).build();
    api = DatabaseApi.builder(store).build();
    server = HttpServer.builder().port(0).service("/db", api).build().start();
    Database d = store.createDatabase("d");
    d.put("seed", (com.fasterxml.jackson.databind.node.ObjectNode) M.readTree("{\"v\":1}"));
    d.putLocal("seed", (com.fasterxml.jackson.databind.node.ObjectNode) M.readTree("{\"v\":1}"));
  }

  @AfterContainer
  static void stop() {
    server.close();
    api.close();
    store.close();
  }

  record Req(String method, String target, String contentType, String body) {}

  @Property(tries = 2500)
  void hostileRequestsGetFourHundredsAndChangeNothing(@ForAll("requests") Req req)
      throws Exception {
    String before = fingerprint();
    byte[] body = req.body() == null ? new byte[0] : req.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(req.method()).append(' ').append(req.target()).append(" HTTP/1.1\r\nHost: x\r\n");
    if (req.contentType() != null) {
      head.append("Content-Type: ").append(req.contentType()).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    RawResponse r;
    try (RawClient c = new RawClient(server.port(), 10_000)) {
      c.send(head.toString());
      c.send(body);
      r = req.method().equals("HEAD") ? c.readHead() : c.read();
    }
    assertThat(r).as("no answer to %s", req).isNotNull();
    assertThat(r.status()).as("%s -> %s", req, r.body()).isLessThan(500);
    if (r.status() >= 400) {
      assertThat(fingerprint()).as("a %d changed data: %s", r.status(), req).isEqualTo(before);
      if (!req.method().equals("HEAD")) {
        JsonNode err = M.readTree(r.body());
        assertThat(err.has("error") && err.has("reason")).as(r.body()).isTrue();
      }
    }
  }

  /** What a bad request must not change. */
  private static String fingerprint() {
    Database d = store.database("d");
    return store.databaseNames()
        + " "
        + d.info()
        + " "
        + d.get("seed").rev()
        + " "
        + d.getLocal("seed");
  }

  @Provide
  Arbitrary<Req> requests() {
    Arbitrary<String> method =
        Arbitraries.of("GET", "PUT", "POST", "DELETE", "HEAD", "COPY", "PATCH");
    Arbitrary<String> target =
        Combinators.combine(paths(), queries()).as((p, q) -> q.isEmpty() ? p : p + "?" + q);
    Arbitrary<String> contentType =
        Arbitraries.of("application/json", "text/plain", "application/json; charset=utf-8", null)
            .injectNull(0.05);
    return Combinators.combine(method, target, contentType, bodies())
        .as(Req::new)
        // Deleting the database under test is a valid request, not hostile input.
        .filter(r -> !(r.method().equals("DELETE") && r.target().matches("/db/d(\\?.*)?")));
  }

  private Arbitrary<String> paths() {
    Arbitrary<String> id = ids();
    return Arbitraries.oneOf(
        Arbitraries.of(
            "/db/d",
            "/db/d/_bulk_docs",
            "/db/d/_bulk_get",
            "/db/d/_revs_diff",
            "/db/d/_all_docs",
            "/db/d/_changes",
            "/db/d/_revs_limit",
            "/db/d/_compact",
            "/db/_all_dbs",
            "/db/",
            "/db/D",
            "/db/_bad",
            "/db/d/_local/",
            "/db/d/_design/",
            "/db/nope/x",
            "/db/d/seed"),
        id.map(i -> "/db/d/" + i),
        id.map(i -> "/db/d/_local/" + i),
        id.map(i -> "/db/d/_design/" + i),
        id.map(i -> "/db/" + i));
  }

  private Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "seed",
            "_x",
            "%ZZ",
            "%",
            "%C3",
            "%C3%28",
            "%00",
            "a%2Fb",
            "%E2%82",
            "..",
            "caf%C3%A9",
            "%F0%9F%98%80",
            "a+b",
            "%2B",
            "_design",
            "_local",
            "_all_docs"),
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12).map(s -> "n" + s));
  }

  private Arbitrary<String> queries() {
    Arbitrary<String> name =
        Arbitraries.of(
            "rev",
            "revs",
            "revs_info",
            "open_revs",
            "latest",
            "conflicts",
            "new_edits",
            "limit",
            "skip",
            "startkey",
            "endkey",
            "keys",
            "key",
            "descending",
            "include_docs",
            "since",
            "feed",
            "style",
            "heartbeat",
            "timeout",
            "doc_ids",
            "filter",
            "meta",
            "count");
    Arbitrary<String> value =
        Arbitraries.of(
            "true",
            "false",
            "yes",
            "-1",
            "0",
            "1",
            "99999999999999999999",
            "abc",
            "1-abc",
            "bad",
            "%5B",
            "%5B%221-a%22%5D",
            "all",
            "%22a%22",
            "%7B",
            "now",
            "bogus",
            "normal",
            "all_docs",
            "x",
            "%ZZ",
            "_doc_ids",
            "null",
            "1.5");
    Arbitrary<String> pair = Combinators.combine(name, value).as((n, v) -> n + "=" + v);
    return pair.list().ofMaxSize(3).map(l -> String.join("&", l));
  }

  private Arbitrary<String> bodies() {
    Arbitrary<String> fixed =
        Arbitraries.of(
            "",
            "{",
            "}",
            "[",
            "null",
            "1",
            "\"s\"",
            "[1,2]",
            "{\"_rev\":\"zz\"}",
            "{\"_rev\":12}",
            "{\"_deleted\":\"true\"}",
            "{\"_foo\":1}",
            "{\"_id\":5}",
            "{\"_id\":\"_bad\"}",
            "{\"_revisions\":{\"start\":\"x\",\"ids\":[]}}",
            "{\"_revisions\":{\"start\":1,\"ids\":[\"a\",\"b\"]}}",
            "{\"docs\":5}",
            "{\"docs\":[1,2]}",
            "{\"docs\":[],\"new_edits\":\"no\"}",
            "{\"keys\":\"a\"}",
            "{\"keys\":[1]}",
            "{\"x\":[\"1-a\"],\"y\":\"z\"}",
            "{\"x\":[\"nope\"]}",
            "{\"docs\":[{\"id\":5}]}",
            "{\"doc_ids\":[1]}",
            "\u0000",
            "{\"a\":1e999999}",
            "{\"a\":\"\\ud800\"}",
            "{\"_id\":\"\\ud800\"}",
            "{\"_attachments\":5}",
            "{\"_attachments\":{\"f\":{\"stub\":true}}}",
            "{\"_rev\":\"1-abc\"}",
            "[".repeat(3000),
            "{\"a\":".repeat(600) + "1" + "}".repeat(600));
    Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(40);
    return Arbitraries.oneOf(fixed, junk, Arbitraries.just(null));
  }
}
