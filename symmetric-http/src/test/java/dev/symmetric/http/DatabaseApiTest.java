package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CouchDB-compatible database API over real loopback sockets. */
class DatabaseApiTest {
  private static final ObjectMapper M = new ObjectMapper();

  DocumentStore store;
  DatabaseApi api;
  HttpServer server;
  Http http;

  @BeforeEach
  void start() {
    store = DocumentStore.builder().storage(StorageEngines.inMemory()).build();
    api = DatabaseApi.builder(store).heartbeatMillisMin(50).build();
    server = HttpServer.builder().port(0).nodeId("n1").service("/db", api).build().start();
    http = new Http(server);
  }

  @AfterEach
  void stop() {
    server.close();
    api.close();
    store.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return M.readTree(r.body());
  }

  HttpResponse<String> put(String target, String body) throws Exception {
    return http.send(
        http.request(target)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')))
            .build());
  }

  HttpResponse<String> post(String target, String body) throws Exception {
    return http.post(target, "application/json", body.replace('\'', '"'));
  }

  HttpResponse<String> delete(String target) throws Exception {
    return http.send(http.request(target).DELETE().build());
  }

  @Test
  void serverRootNamesTheStore() throws Exception {
    JsonNode root = json(http.get("/db/"));
    assertThat(root.get("couchdb").asText()).isEqualTo("Welcome");
    assertThat(root.get("uuid").asText()).isEqualTo(store.uuid());
    put("/db/a", "{}");
    put("/db/b", "{}");
    assertThat(json(http.get("/db/_all_dbs")).toString()).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void databaseLifecycleWithCouchDbStatuses() throws Exception {
    assertThat(put("/db/orders", "").statusCode()).isEqualTo(201);
    HttpResponse<String> again = put("/db/orders", "");
    assertThat(again.statusCode()).isEqualTo(412);
    assertThat(json(again).get("error").asText()).isEqualTo("file_exists");
    HttpResponse<String> bad = put("/db/Orders", "");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").asText()).isEqualTo("illegal_database_name");

    JsonNode info = json(http.get("/db/orders/"));
    assertThat(info.get("db_name").asText()).isEqualTo("orders");
    assertThat(info.get("doc_count").asLong()).isZero();
    assertThat(info.get("update_seq").asLong()).isZero();

    HttpResponse<String> head =
        http.send(
            http.request("/db/orders").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();

    HttpResponse<String> missing = http.get("/db/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("error").asText()).isEqualTo("not_found");

    assertThat(delete("/db/orders").statusCode()).isEqualTo(200);
    assertThat(http.get("/db/orders").statusCode()).isEqualTo(404);
  }

  @Test
  void documentCrudWithRevisionsETagsAndConflicts() throws Exception {
    put("/db/d", "");
    HttpResponse<String> created = put("/db/d/doc1", "{'n':1}");
    assertThat(created.statusCode()).isEqualTo(201);
    String rev1 = json(created).get("rev").asText();
    assertThat(rev1).startsWith("1-");

    HttpResponse<String> got = http.get("/db/d/doc1");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.headers().firstValue("ETag")).contains("\"" + rev1 + "\"");
    assertThat(json(got).get("_rev").asText()).isEqualTo(rev1);
    assertThat(json(got).get("n").asInt()).isEqualTo(1);

    HttpResponse<String> notModified =
        http.send(http.request("/db/d/doc1").header("If-None-Match", "\"" + rev1 + "\"").build());
    assertThat(notModified.statusCode()).isEqualTo(304);

    HttpResponse<String> stale = put("/db/d/doc1", "{'n':2}");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(json(stale).get("error").asText()).isEqualTo("conflict");

    String rev2 = json(put("/db/d/doc1?rev=" + rev1, "{'n':2}")).get("rev").asText();
    assertThat(rev2).startsWith("2-");
    HttpResponse<String> viaIfMatch =
        http.send(
            http.request("/db/d/doc1")
                .header("If-Match", rev2)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"n\":3}"))
                .build());
    assertThat(viaIfMatch.statusCode()).isEqualTo(201);
    String rev3 = json(viaIfMatch).get("rev").asText();

    assertThat(delete("/db/d/doc1").statusCode()).isEqualTo(409);
    HttpResponse<String> deleted = delete("/db/d/doc1?rev=" + rev3);
    assertThat(deleted.statusCode()).isEqualTo(200);
    HttpResponse<String> gone = http.get("/db/d/doc1");
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).get("reason").asText()).isEqualTo("deleted");

    JsonNode withRevs = json(http.get("/db/d/doc1?rev=" + rev2 + "&revs=true&latest=true"));
    assertThat(withRevs.get("_deleted").asBoolean()).isTrue();
    assertThat(withRevs.at("/_revisions/start").asInt()).isEqualTo(4);
  }

  @Test
  void encodedIdsRoundTripExactly() throws Exception {
    put("/db/d", "");
    String[][] cases = {
      {"a%2Fb", "a/b"}, {"caf%C3%A9%20x", "café x"}, {"a+b", "a+b"}, {"a%2Bb", "a+b"}
    };
    for (String[] c : cases) {
      HttpResponse<String> r = put("/db/d/" + c[0], "{}");
      assertThat(r.statusCode()).as(c[0]).isIn(201, 409);
      assertThat(json(http.get("/db/d/" + c[0])).get("_id").asText()).isEqualTo(c[1]);
    }
    JsonNode all = json(http.get("/db/d/_all_docs"));
    assertThat(all.get("rows"))
        .extracting(n -> n.get("id").asText())
        .containsExactly("a+b", "a/b", "café x");
    assertThat(put("/db/d/_design/app", "{'views':{}}").statusCode()).isEqualTo(201);
    assertThat(json(http.get("/db/d/_design%2Fapp")).get("_id").asText()).isEqualTo("_design/app");
    assertThat(put("/db/d/_bad", "{}").statusCode()).isEqualTo(400);
  }

  @Test
  void localDocumentsAsReplicatorsUseThem() throws Exception {
    put("/db/d", "");
    assertThat(http.get("/db/d/_local/cp%3D%3D").statusCode()).isEqualTo(404);
    JsonNode w = json(put("/db/d/_local/cp%3D%3D", "{'last_seq':5}"));
    assertThat(w.get("rev").asText()).isEqualTo("0-1");
    JsonNode got = json(http.get("/db/d/_local/cp%3D%3D"));
    assertThat(got.get("_id").asText()).isEqualTo("_local/cp==");
    assertThat(got.get("last_seq").asInt()).isEqualTo(5);
    assertThat(
            json(put("/db/d/_local/cp%3D%3D", "{'_rev':'0-1','last_seq':9}")).get("rev").asText())
        .isEqualTo("0-2");
    assertThat(json(http.get("/db/d")).get("update_seq").asLong()).isZero();
  }

  @Test
  void postCreatesWithAGeneratedIdAndRequiresJson() throws Exception {
    put("/db/d", "");
    HttpResponse<String> r = post("/db/d", "{'x':1}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(json(r).get("id").asText()).hasSize(32);
    HttpResponse<String> wrongType = http.post("/db/d", "text/plain", "{\"x\":1}");
    assertThat(wrongType.statusCode()).isEqualTo(415);
    HttpResponse<String> malformed = post("/db/d", "{'x':");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).get("error").asText()).isEqualTo("bad_request");
    assertThat(post("/db/d", "[1,2]").statusCode()).isEqualTo(400);
    assertThat(json(http.get("/db/d")).get("doc_count").asLong()).isEqualTo(1);
  }

  @Test
  void replicationEndpointsSpeakTheProtocol() throws Exception {
    put("/db/d", "");
    HttpResponse<String> bulk =
        post(
            "/db/d/_bulk_docs",
            "{'new_edits':false,'docs':["
                + "{'_id':'x','_rev':'2-b','_revisions':{'start':2,'ids':['b','a']},'v':1},"
                + "{'_id':'x','_rev':'2-c','_revisions':{'start':2,'ids':['c','a']},'v':2}]}");
    assertThat(bulk.statusCode()).isEqualTo(201);
    assertThat(bulk.body()).isEqualTo("[]");

    JsonNode diff = json(post("/db/d/_revs_diff", "{'x':['2-b','3-d'],'y':['1-z']}"));
    assertThat(diff.at("/x/missing").toString()).isEqualTo("[\"3-d\"]");
    assertThat(diff.at("/x/possible_ancestors").toString()).isEqualTo("[\"2-c\",\"2-b\"]");
    assertThat(diff.at("/y/missing").toString()).isEqualTo("[\"1-z\"]");

    JsonNode got =
        json(
            post(
                "/db/d/_bulk_get?revs=true&latest=true",
                "{'docs':[{'id':'x','rev':'2-b'},{'id':'x','rev':'9-q'},{'id':'nope'}]}"));
    JsonNode results = got.get("results");
    assertThat(results.get(0).at("/docs/0/ok/_rev").asText()).isEqualTo("2-b");
    assertThat(results.get(0).at("/docs/0/ok/_revisions/ids").toString())
        .isEqualTo("[\"b\",\"a\"]");
    assertThat(results.get(1).at("/docs/0/error/error").asText()).isEqualTo("not_found");
    assertThat(results.get(2).at("/docs/0/error/reason").asText()).isEqualTo("missing");

    JsonNode openAll = json(http.get("/db/d/x?open_revs=all&revs=true"));
    assertThat(openAll).hasSize(2);
    JsonNode openSome =
        json(
            http.get(
                "/db/d/x?open_revs=" + java.net.URLEncoder.encode("[\"2-c\",\"5-n\"]", "UTF-8")));
    assertThat(openSome.get(0).at("/ok/_rev").asText()).isEqualTo("2-c");
    assertThat(openSome.get(1).get("missing").asText()).isEqualTo("5-n");

    JsonNode conflicts = json(http.get("/db/d/x?conflicts=true"));
    assertThat(conflicts.get("_rev").asText()).isEqualTo("2-c");
    assertThat(conflicts.get("_conflicts").toString()).isEqualTo("[\"2-b\"]");

    assertThat(post("/db/d/_ensure_full_commit", "").statusCode()).isEqualTo(201);
  }

  @Test
  void attachmentBytesAreServedAtTheirOwnUrlForPullingReplicators() throws Exception {
    // PouchDB pulls a document with _attachments by GETting each one at /{db}/{docid}/{name}.
    put("/db/d", "");
    byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 'x'};
    String data = java.util.Base64.getEncoder().encodeToString(bytes);
    String doc =
        "{'_attachments':{'x y/z.bin':{'content_type':'application/octet-stream','data':'%s'}}}";
    String rev = json(put("/db/d/a%2Fb", doc.formatted(data))).get("rev").asText();
    HttpResponse<byte[]> att =
        Http.CLIENT.send(
            http.request("/db/d/a%2Fb/x%20y/z.bin?rev=" + rev).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(att.statusCode()).isEqualTo(200);
    assertThat(att.body()).isEqualTo(bytes);
    assertThat(att.headers().firstValue("Content-Type")).contains("application/octet-stream");

    put(
        "/db/d/_design/app",
        "{'_attachments':{'n.txt':{'content_type':'text/plain','data':'aGk='}}}");
    HttpResponse<String> text = http.get("/db/d/_design/app/n.txt");
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.body()).isEqualTo("hi");

    HttpResponse<String> missing = http.get("/db/d/a%2Fb/nope.txt");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("error").asText()).isEqualTo("not_found");
    assertThat(http.get("/db/d/nodoc/x.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void inlineAttachmentsGetTheMd5DigestReplicatorsCompare() throws Exception {
    // PouchDB decides whether to fetch an attachment again by comparing digests.
    put("/db/d", "");
    String att =
        "{'_attachments':{'h.txt':{'content_type':'text/plain','data':'aGVsbG8gd29ybGQ='%s}}}";
    put("/db/d/computed", att.formatted(""));
    assertThat(json(http.get("/db/d/computed")).at("/_attachments/h.txt/digest").asText())
        .isEqualTo("md5-XrY7u+Ae7tCTyyK7j1rNww==");
    put("/db/d/given", att.formatted(",'digest':'md5-given'"));
    assertThat(json(http.get("/db/d/given")).at("/_attachments/h.txt/digest").asText())
        .isEqualTo("md5-given");
    HttpResponse<String> bad = put("/db/d/bad", att.formatted("").replace("aGVsbG8", "!!"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").asText()).isEqualTo("bad_request");
  }

  @Test
  void bulkDocsWithNewEditsReportsEachDocument() throws Exception {
    put("/db/d", "");
    JsonNode r = json(post("/db/d/_bulk_docs", "{'docs':[{'_id':'a'},{'_id':'a'},{'_id':'_x'}]}"));
    assertThat(r.get(0).get("ok").asBoolean()).isTrue();
    assertThat(r.get(1).get("error").asText()).isEqualTo("conflict");
    assertThat(r.get(2).get("error").asText()).isEqualTo("illegal_docid");
    assertThat(post("/db/d/_bulk_docs", "{'docs':{}}").statusCode()).isEqualTo(400);
    assertThat(post("/db/d/_bulk_docs", "{'docs':[],'new_edits':'no'}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void allDocsWithRangesKeysAndDocs() throws Exception {
    put("/db/d", "");
    for (String id : new String[] {"a", "b", "c"}) {
      put("/db/d/" + id, "{'v':'" + id + "'}");
    }
    JsonNode range = json(http.get("/db/d/_all_docs?startkey=%22b%22&include_docs=true"));
    assertThat(range.get("total_rows").asInt()).isEqualTo(3);
    assertThat(range.get("rows")).extracting(n -> n.get("id").asText()).containsExactly("b", "c");
    assertThat(range.at("/rows/0/doc/v").asText()).isEqualTo("b");
    JsonNode desc = json(http.get("/db/d/_all_docs?descending=true&limit=2"));
    assertThat(desc.get("rows")).extracting(n -> n.get("id").asText()).containsExactly("c", "b");
    JsonNode keys = json(post("/db/d/_all_docs", "{'keys':['c','zz']}"));
    assertThat(keys.at("/rows/0/value/rev").asText()).startsWith("1-");
    assertThat(keys.at("/rows/1/error").asText()).isEqualTo("not_found");
    assertThat(http.get("/db/d/_all_docs?limit=x").statusCode()).isEqualTo(400);
    assertThat(http.get("/db/d/_all_docs?startkey=nojson").statusCode()).isEqualTo(400);
  }

  @Test
  void normalChangesFeed() throws Exception {
    put("/db/d", "");
    String r = json(put("/db/d/a", "{}")).get("rev").asText();
    put("/db/d/b", "{}");
    put("/db/d/a?rev=" + r, "{'x':1}");
    JsonNode all = json(http.get("/db/d/_changes"));
    assertThat(all.get("results")).extracting(n -> n.get("id").asText()).containsExactly("b", "a");
    assertThat(all.get("last_seq").asLong()).isEqualTo(3);
    JsonNode limited = json(http.get("/db/d/_changes?limit=1&include_docs=true&style=all_docs"));
    assertThat(limited.get("results")).hasSize(1);
    assertThat(limited.at("/results/0/doc/_id").asText()).isEqualTo("b");
    assertThat(limited.get("pending").asLong()).isEqualTo(1);
    assertThat(json(http.get("/db/d/_changes?since=now")).get("results")).isEmpty();
    JsonNode ids = json(post("/db/d/_changes?filter=_doc_ids", "{'doc_ids':['a']}"));
    assertThat(ids.get("results")).extracting(n -> n.get("id").asText()).containsExactly("a");
    assertThat(http.get("/db/d/_changes?feed=bogus").statusCode()).isEqualTo(400);
    assertThat(http.get("/db/d/_changes?since=abc").statusCode()).isEqualTo(400);
    assertThat(http.get("/db/d/_changes?style=x").statusCode()).isEqualTo(400);
  }

  @Test
  void longpollWaitsForTheNextWrite() throws Exception {
    put("/db/d", "");
    CompletableFuture<HttpResponse<String>> waiting =
        Http.CLIENT.sendAsync(
            // since=0 on an empty database: whether the server sees the request before or after
            // the write, the answer must carry it (since=now would race the write).
            http.request("/db/d/_changes?feed=longpoll&since=0&heartbeat=100").build(),
            HttpResponse.BodyHandlers.ofString());
    // The feed must not answer before there is a change: it is still open after a heartbeat.
    assertThat(waiting).isNotDone();
    put("/db/d/x", "{}");
    HttpResponse<String> r = waiting.get(10, TimeUnit.SECONDS);
    JsonNode body = M.readTree(r.body().trim());
    assertThat(body.get("results")).extracting(n -> n.get("id").asText()).containsExactly("x");
    assertThat(body.get("last_seq").asLong()).isEqualTo(1);
  }

  @Test
  void longpollTimesOutWithNoResults() throws Exception {
    put("/db/d", "");
    HttpResponse<String> r = http.get("/db/d/_changes?feed=longpoll&timeout=200");
    JsonNode body = M.readTree(r.body().trim());
    assertThat(body.get("results")).isEmpty();
    assertThat(body.get("last_seq").asLong()).isZero();
  }

  @Test
  void continuousFeedStreamsLinesThenLastSeq() throws Exception {
    put("/db/d", "");
    put("/db/d/a", "{}");
    CompletableFuture<HttpResponse<String>> feed =
        Http.CLIENT.sendAsync(
            http.request("/db/d/_changes?feed=continuous&timeout=1500")
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    put("/db/d/b", "{}");
    String[] lines = feed.get(20, TimeUnit.SECONDS).body().trim().split("\n");
    assertThat(M.readTree(lines[0]).get("id").asText()).isEqualTo("a");
    assertThat(M.readTree(lines[1]).get("id").asText()).isEqualTo("b");
    assertThat(M.readTree(lines[lines.length - 1]).get("last_seq").asLong()).isEqualTo(2);
  }

  @Test
  void eventSourceFeedSendsEvents() throws Exception {
    put("/db/d", "");
    put("/db/d/a", "{}");
    HttpResponse<String> r = http.get("/db/d/_changes?feed=eventsource&limit=1");
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    assertThat(r.body()).startsWith("data: {\"seq\":1,\"id\":\"a\"");
    assertThat(r.body()).contains("\nid: 1\n\n");
  }

  @Test
  void clientMistakesAreFourHundredsAndChangeNothing() throws Exception {
    put("/db/d", "");
    String[][] bad = {
      {"PUT", "/db/d/x", "{'_rev':'zz'}"},
      {"PUT", "/db/d/x", "{'_foo':1}"},
      {"PUT", "/db/d/x", "not json"},
      {"PUT", "/db/d/x", "[]"},
      {"PUT", "/db/d/x?new_edits=maybe", "{}"},
      {"POST", "/db/d/_revs_diff", "{'x':'1-a'}"},
      {"POST", "/db/d/_revs_diff", "{'x':['bad']}"},
      {"POST", "/db/d/_bulk_get", "{}"},
      {"GET", "/db/d/x?open_revs=[oops", null},
      {"GET", "/db/d/x?revs=yes", null},
      {"PUT", "/db/d/_revs_limit", "'a'"},
    };
    for (String[] b : bad) {
      HttpRequest.Builder rb = http.request(b[1]).header("Content-Type", "application/json");
      HttpRequest req =
          b[2] == null
              ? rb.GET().build()
              : rb.method(b[0], HttpRequest.BodyPublishers.ofString(b[2].replace('\'', '"')))
                  .build();
      HttpResponse<String> r = http.send(req);
      assertThat(r.statusCode()).as(b[0] + " " + b[1] + " " + b[2]).isBetween(400, 499);
      JsonNode err = json(r);
      assertThat(err.has("error") && err.has("reason")).as(r.body()).isTrue();
    }
    assertThat(json(http.get("/db/d")).get("update_seq").asLong()).isZero();
    assertThat(URI.create("http://x").getHost()).isEqualTo("x");
  }
}
