package dev.symmetric.replication.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.WriteResult;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.replication.Endpoints;
import dev.symmetric.replication.PeerClient;
import dev.symmetric.replication.Replication;
import dev.symmetric.replication.ReplicationState;
import dev.symmetric.replication.ReplicationStatus;
import dev.symmetric.replication.process.CouchHttp;
import dev.symmetric.replication.spi.DocRev;
import dev.symmetric.replication.spi.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicates between a node and pouchdb-server (a CouchDB-compatible server on PouchDB) both ways:
 * with this project's replicator against pouchdb-server's database URLs, and with pouchdb-server's
 * own replicator ({@code POST /_replicate}) against the node. Revision trees with branches and
 * deleted leaves, attachments, awkward ids; a second run of each replication reads nothing.
 *
 * <p>Skipped, with a notice, when {@code node} or the package is missing ({@code npm ci --prefix
 * symmetric-replication/src/test/js --ignore-scripts}).
 */
class PouchDbServerInteropTest {
  static final List<String> AWKWARD_IDS =
      List.of(
          "a/b",
          "a/b/c",
          "with space",
          "plus+sign",
          "percent%25",
          "question?mark",
          "hash#tag",
          "ampersand&equals=",
          "unicodé ☃ 日本",
          "_design/awkward");

  @TempDir Path dir;

  private final CouchHttp http = new CouchHttp(null);
  private SymmetricNode node;
  private PouchDbServer pouch;
  private PeerClient client;

  @BeforeEach
  void start() throws IOException {
    String notice = PouchDbServer.unavailable();
    if (notice != null) {
      System.err.println("SKIPPED PouchDbServerInteropTest: " + notice);
    }
    Assumptions.assumeTrue(notice == null, notice);
    node = SymmetricNode.builder().port(0).storage(StorageEngines.inMemory()).build().start();
    pouch = PouchDbServer.start(dir.resolve("pouchdb-server"));
    client = PeerClient.builder().requestTimeoutMillis(20_000).build();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (pouch != null) {
      pouch.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void ourReplicatorPushesToAndPullsFromPouchDbServer() throws Exception {
    Database source = node.store().createDatabase("source");
    history(source);
    Endpoint pushed = remote(pouch.url() + "/pushed");

    ReplicationStatus push = run(Endpoints.local(source, node.store().uuid()), pushed);
    assertThat(push.docWriteFailures()).isZero();
    assertThat(push.docsWritten()).isGreaterThan(40);
    assertSame(nodeDb("source"), pouch.url() + "/pushed");
    SortedMap<String, String> onPouch = http.digest(pouch.url() + "/pushed", true);
    assertThat(onPouch.get("conflicted")).as("leaves on pouchdb-server").contains("(d)#", ", 2-");
    assertThat(onPouch.get("with-attachments")).contains("bytes.bin:md5-", "hello.txt:md5-");
    assertThat(onPouch.get("deleted")).startsWith("winner=2-").contains("(d)");
    assertThat(onPouch).containsKeys(AWKWARD_IDS.toArray(new String[0]));
    assertThat(run(Endpoints.local(source, node.store().uuid()), pushed).docsRead())
        .as("documents read by a resumed push")
        .isZero();

    // Edits made by PouchDB itself (its own random revision ids), then pulled into a new database.
    editsOnPouchDb(pouch.url() + "/pushed");
    Database pulled = node.store().createDatabase("pulled");
    Endpoint target = Endpoints.local(pulled, node.store().uuid());
    ReplicationStatus pull = run(remote(pouch.url() + "/pushed"), target);
    assertThat(pull.docWriteFailures()).isZero();
    assertSame(pouch.url() + "/pushed", nodeDb("pulled"));
    for (String db : List.of(pouch.url() + "/pushed", nodeDb("pulled"))) {
      assertThat(http.bytes(db + "/with-attachments/bytes.bin")).as(db).isEqualTo(binary());
    }
    assertThat(run(remote(pouch.url() + "/pushed"), target).docsRead())
        .as("documents read by a resumed pull")
        .isZero();

    // Further edits travel incrementally, from the checkpoint, in both directions.
    editsOnPouchDb(pouch.url() + "/pushed");
    ReplicationStatus more = run(remote(pouch.url() + "/pushed"), target);
    assertThat(more.docsRead()).isBetween(1L, 10L);
    assertSame(pouch.url() + "/pushed", nodeDb("pulled"));
    pulled.put(CouchHttp.JSON.createObjectNode().put("_id", "from-node-later").put("v", 1));
    assertThat(run(target, pushed).docsRead()).isEqualTo(1);
    assertSame(nodeDb("pulled"), pouch.url() + "/pushed");
  }

  @Test
  void pouchDbServersReplicatorPullsFromAndPushesToANode() throws Exception {
    history(node.store().createDatabase("served"));

    JsonNode pull = replicateOnPouchDb(nodeDb("served"), "from-node");
    assertThat(pull.path("docs_written").asLong()).as("%s", pull).isGreaterThan(40);
    assertThat(pull.path("doc_write_failures").asLong()).as("%s", pull).isZero();
    assertSame(nodeDb("served"), pouch.url() + "/from-node");
    assertThat(replicateOnPouchDb(nodeDb("served"), "from-node").path("docs_read").asLong())
        .as("documents read by pouchdb-server's resumed pull")
        .isZero();

    editsOnPouchDb(pouch.url() + "/from-node");
    JsonNode push = replicateOnPouchDb("from-node", nodeDb("to-node"));
    assertThat(push.path("doc_write_failures").asLong()).as("%s", push).isZero();
    assertSame(pouch.url() + "/from-node", nodeDb("to-node"));
    for (String db : List.of(pouch.url() + "/from-node", nodeDb("to-node"))) {
      assertThat(http.bytes(db + "/with-attachments/bytes.bin")).as(db).isEqualTo(binary());
    }
    assertThat(replicateOnPouchDb("from-node", nodeDb("to-node")).path("docs_read").asLong())
        .as("documents read by pouchdb-server's resumed push")
        .isZero();
  }

  @Test
  void aRevisionPouchDbServerLacksIsLeftOutOfAFetchNotAnError() throws Exception {
    assertThat(http.put(pouch.url() + "/lacking", CouchHttp.JSON.createObjectNode()).ok()).isTrue();
    CouchHttp.Reply x = http.put(pouch.url() + "/lacking/x", CouchHttp.JSON.createObjectNode());
    String rev = x.body().get("rev").asText();

    // pouchdb-server answers the missing one with {"missing": rev} inside _bulk_get's results.
    List<ObjectNode> docs =
        remote(pouch.url() + "/lacking")
            .fetch(List.of(new DocRev("x", rev), new DocRev("gone", "1-" + pad("a"))))
            .get(30, TimeUnit.SECONDS);

    assertThat(docs).extracting(d -> d.get("_id").asText()).containsExactly("x");
  }

  // ---- replication runs ----

  private Endpoint remote(String url) {
    return Endpoints.remote(URI.create(url), client);
  }

  private String nodeDb(String name) {
    return node.baseUri().toString().replaceAll("/$", "") + "/db/" + CouchHttp.encode(name);
  }

  private static ReplicationStatus run(Endpoint source, Endpoint target) throws Exception {
    try (Replication r = Replication.builder(source, target).createTarget(true).build().start()) {
      ReplicationStatus s = r.completion().get(60, TimeUnit.SECONDS);
      assertThat(s.state()).as("%s", s).isEqualTo(ReplicationState.COMPLETED);
      return s;
    }
  }

  /** {@code POST /_replicate} on pouchdb-server; a database is a local name or a URL. */
  private JsonNode replicateOnPouchDb(String source, String target) throws IOException {
    ObjectNode body =
        CouchHttp.JSON
            .createObjectNode()
            .put("source", source)
            .put("target", target)
            .put("create_target", true);
    CouchHttp.Reply r = http.post(pouch.url() + "/_replicate", body);
    assertThat(r.ok())
        .as("_replicate %s -> %s: %s %s", source, target, r.status(), r.body())
        .isTrue();
    assertThat(r.body().path("ok").asBoolean()).as("%s", r.body()).isTrue();
    return r.body();
  }

  private void assertSame(String expectedDbUrl, String actualDbUrl) throws IOException {
    SortedMap<String, String> expected = http.digest(expectedDbUrl, true);
    assertThat(expected).isNotEmpty();
    assertThat(http.digest(actualDbUrl, true))
        .as("%s against %s", actualDbUrl, expectedDbUrl)
        .isEqualTo(expected);
  }

  // ---- documents ----

  /**
   * Plain documents, updates, a deletion, a re-created document, text and binary attachments, a
   * design document, awkward ids, and a document with two live branches and a deleted one.
   */
  private static void history(Database db) {
    for (int i = 0; i < 25; i++) {
      db.put(doc("plain-" + i).put("n", i));
    }
    for (String id : AWKWARD_IDS) {
      db.put(doc(id).put("id", id));
    }
    WriteResult u = db.put(doc("updated").put("v", 1));
    u = db.put(doc("updated").put("v", 2).put("_rev", u.rev().toString()));
    db.put(doc("updated").put("v", 3).put("_rev", u.rev().toString()));
    WriteResult d = db.put(doc("deleted").put("v", 1));
    db.delete("deleted", d.rev());
    WriteResult r = db.put(doc("recreated").put("v", 1));
    WriteResult rd = db.delete("recreated", r.rev());
    db.put(doc("recreated").put("v", 2).put("_rev", rd.rev().toString()));

    ObjectNode att = doc("with-attachments");
    ObjectNode atts = att.putObject("_attachments");
    atts.putObject("hello.txt")
        .put("content_type", "text/plain")
        .put("data", base64("hello, world".getBytes(StandardCharsets.UTF_8)));
    atts.putObject("bytes.bin")
        .put("content_type", "application/octet-stream")
        .put("data", base64(binary()));
    db.put(att);
    db.put(doc("_design/app").put("language", "javascript").put("version", 1));

    List<BulkResult> results =
        db.bulkDocs(
            List.of(
                replicated("conflicted", 1, "a", List.of()).put("branch", "root"),
                replicated("conflicted", 2, "b", List.of("a")).put("branch", "b"),
                replicated("conflicted", 2, "c", List.of("a")).put("branch", "c"),
                replicated("conflicted", 3, "d", List.of("c", "a")).put("_deleted", true),
                replicated("conflicted", 2, "e", List.of("a")).put("branch", "e"),
                replicated("a/b", 1, "f", List.of()).put("branch", "f")),
            false);
    for (BulkResult br : results) {
      assertThat(br.isOk()).as("setup write %s: %s", br.id(), br.error()).isTrue();
    }
  }

  /** PouchDB's own edits: an update, a deletion, a new attachment and a branch of its own. */
  private void editsOnPouchDb(String dbUrl) throws IOException {
    String stamp = Long.toString(System.nanoTime());
    CouchHttp.Reply cur = http.get(dbUrl + "/plain-1");
    assertThat(cur.status()).isEqualTo(200);
    ObjectNode upd = (ObjectNode) cur.body();
    upd.put("edited", stamp);
    assertThat(http.put(dbUrl + "/plain-1", upd).ok()).isTrue();

    CouchHttp.Reply gone = http.get(dbUrl + "/" + CouchHttp.encode("with space"));
    if (gone.status() == 200) {
      String rev = gone.body().get("_rev").asText();
      CouchHttp.Reply del =
          http.delete(dbUrl + "/" + CouchHttp.encode("with space") + "?rev=" + rev);
      assertThat(del.ok()).as("%s", del.body()).isTrue();
    }

    ObjectNode att = CouchHttp.JSON.createObjectNode().put("_id", "pouch-" + stamp);
    att.putObject("_attachments")
        .putObject("note.txt")
        .put("content_type", "text/plain")
        .put(
            "data",
            base64(("written by pouchdb-server " + stamp).getBytes(StandardCharsets.UTF_8)));
    assertThat(http.post(dbUrl, att).ok()).isTrue();

    ObjectNode bulk = CouchHttp.JSON.createObjectNode().put("new_edits", false);
    ArrayNode docs = bulk.putArray("docs");
    String hash = Long.toHexString(System.nanoTime()) + "f".repeat(16);
    docs.add(replicated("conflicted", 3, hash, List.of("b", "a")).put("branch", "pouch"));
    CouchHttp.Reply b = http.post(dbUrl + "/_bulk_docs", bulk);
    assertThat(b.ok()).as("%s", b.body()).isTrue();
  }

  private static byte[] binary() {
    byte[] b = new byte[256];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static ObjectNode doc(String id) {
    return CouchHttp.JSON.createObjectNode().put("_id", id);
  }

  /** A revision as a replicator writes it; short hashes are padded to 32 hex digits. */
  private static ObjectNode replicated(String id, int gen, String hash, List<String> ancestors) {
    ObjectNode d = doc(id).put("_rev", gen + "-" + pad(hash));
    ObjectNode revs = d.putObject("_revisions");
    revs.put("start", gen);
    ArrayNode ids = revs.putArray("ids");
    ids.add(pad(hash));
    ancestors.forEach(a -> ids.add(pad(a)));
    return d;
  }

  private static String pad(String hash) {
    return hash.length() >= 32 ? hash : hash.repeat(32).substring(0, 32);
  }

  private static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
