package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.Revision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicates the real PouchDB (npm {@code pouchdb} 9) against a node on RocksDB: push, pull, live
 * sync, a conflict made on both sides, and resumed checkpoints. The scenarios run in Node ({@code
 * src/test/js/interop.js}); this test starts the node, runs them, and checks the store.
 *
 * <p>Skipped, with a notice, when {@code node} is not on the PATH or the packages are not installed
 * ({@code npm ci --prefix symmetric-http/src/test/js}).
 */
class PouchDbInteropTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Path JS_DIR = Path.of("src/test/js").toAbsolutePath();
  private static final long RUN_SECONDS_MAX = 120;
  private static final String RUN = "interop";
  private static final List<String> SCENARIOS =
      List.of("push", "pull", "live_sync", "conflict_both_ways", "checkpoints");

  @TempDir Path dir;

  DocumentStore store;
  DatabaseApi api;
  HttpServer server;

  @BeforeEach
  void start() {
    assumeNodeAndPackages();
    store = DocumentStore.builder().dataDir(dir.resolve("data")).build();
    api = DatabaseApi.builder(store).build();
    server = HttpServer.builder().port(0).nodeId("n1").service("/db", api).build().start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      api.close();
      store.close();
    }
  }

  @Test
  void pouchDbReplicatesBothWaysWithConflictsAndCheckpoints() throws Exception {
    Map<String, JsonNode> results = runScenarios();

    // What PouchDB pushed is in the store, not just answered over HTTP.
    Database pushed = store.database(RUN + "-push");
    assertThat(pushed.info().docCount())
        .isEqualTo(results.get("push").get("doc_count").asLong())
        .isEqualTo(200 - results.get("push").get("deletes").asLong());
    assertThat(pushed.info().docDelCount()).isEqualTo(results.get("push").get("deletes").asLong());
    assertThat(pushed.get("_design/x").body().has("views")).isTrue();
    assertThat(pushed.get("a/b/1").body().at("/_attachments/note.txt/digest").asText())
        .startsWith("md5-");

    // Pulled conflicts: PouchDB reported the winners the store holds.
    Database pulled = store.database(RUN + "-pull");
    Iterator<Map.Entry<String, JsonNode>> winners = results.get("pull").get("winners").fields();
    assertThat(winners.hasNext()).isTrue();
    while (winners.hasNext()) {
      Map.Entry<String, JsonNode> w = winners.next();
      Document doc = pulled.get(w.getKey(), GetOptions.defaults().withConflicts(true));
      assertThat(doc.rev().toString()).as(w.getKey()).isEqualTo(w.getValue().get("rev").asText());
      assertThat(revs(doc.conflicts()))
          .as(w.getKey())
          .isEqualTo(strings(w.getValue().get("conflicts")));
    }

    // Live sync moved writes from both sides.
    Database live = store.database(RUN + "-live");
    assertThat(live.get("from-local/4").body().get("i").asInt()).isEqualTo(4);
    assertThat(live.get("burst/249").body().get("i").asInt()).isEqualTo(249);

    // The conflict edited on both sides converged on the winner PouchDB saw, loser deleted.
    Database conflict = store.database(RUN + "-conflict");
    Iterator<Map.Entry<String, JsonNode>> docs =
        results.get("conflict_both_ways").get("docs").fields();
    int resolved = 0;
    while (docs.hasNext()) {
      Map.Entry<String, JsonNode> d = docs.next();
      Document doc =
          conflict.get(
              d.getKey(), GetOptions.defaults().withConflicts(true).withDeletedConflicts(true));
      assertThat(doc.rev().toString()).isEqualTo(d.getValue().get("winner").asText());
      assertThat(doc.conflicts()).as(d.getKey()).isEmpty();
      assertThat(doc.deletedConflicts()).as(d.getKey()).hasSize(1);
      assertThat(doc.deletedConflicts().get(0).generation()).isEqualTo(3);
      resolved++;
    }
    assertThat(resolved).isEqualTo(2);
  }

  /** Runs interop.js against the node; returns each scenario's result line by name. */
  private Map<String, JsonNode> runScenarios() throws IOException, InterruptedException {
    Path out = dir.resolve("interop.out");
    Process p =
        new ProcessBuilder("node", "interop.js", "http://127.0.0.1:" + server.port() + "/db", RUN)
            .directory(JS_DIR.toFile())
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (!p.waitFor(RUN_SECONDS_MAX, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail(
          "interop.js did not finish within "
              + RUN_SECONDS_MAX
              + " s; its output so far:\n"
              + Files.readString(out));
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    Map<String, JsonNode> results = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      if (!line.isBlank()) {
        JsonNode r = M.readTree(line);
        results.put(r.get("scenario").asText(), r);
      }
    }
    for (JsonNode r : results.values()) {
      assertThat(r.get("ok").asBoolean())
          .as("scenario %s: %s", r.get("scenario").asText(), r.path("error").asText())
          .isTrue();
    }
    assertThat(p.exitValue()).as("exit status of interop.js; output:\n%s", stdout).isZero();
    assertThat(results.keySet()).containsExactlyElementsOf(SCENARIOS);
    return results;
  }

  private static void assumeNodeAndPackages() {
    String install = "install the packages with: npm ci --prefix symmetric-http/src/test/js";
    String notice = null;
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        notice = "`node --version` did not answer within 30 s; " + install;
      } else if (p.exitValue() != 0) {
        notice = "`node --version` failed; PouchDB interop needs Node 20; " + install;
      }
    } catch (IOException e) {
      notice =
          "node is not on the PATH; PouchDB interop needs Node 20 and its packages; " + install;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      notice = "interrupted while looking for node";
    }
    if (notice == null && !Files.isDirectory(JS_DIR.resolve("node_modules/pouchdb"))) {
      notice = "PouchDB is not installed in " + JS_DIR + "; " + install;
    }
    if (notice != null) {
      System.err.println("SKIPPED PouchDbInteropTest: " + notice);
    }
    Assumptions.assumeTrue(notice == null, notice);
  }

  private static List<String> revs(List<Revision> revs) {
    List<String> out = new ArrayList<>();
    revs.forEach(r -> out.add(r.toString()));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
