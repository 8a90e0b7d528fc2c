package dev.symmetric.replication;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** In-memory stores and document histories with every shape replication must carry. */
final class TestDbs {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private TestDbs() {}

  static DocumentStore store() {
    return DocumentStore.builder().storage(StorageEngines.inMemory()).build();
  }

  static ObjectNode doc(String id) {
    return MAPPER.createObjectNode().put("_id", id);
  }

  static WriteResult put(Database db, String id, String field, Object value) {
    ObjectNode d = doc(id);
    d.putPOJO(field, value);
    return db.put(MAPPER.valueToTree(d));
  }

  static void plainDocs(Database db, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      db.put(doc(prefix + i).put("n", i).put("text", "document number " + i));
    }
  }

  /**
   * Updates, deletions, a re-created document, attachments, a design document, and conflicts
   * (branches written as replicated revisions).
   */
  static void richHistory(Database db) {
    plainDocs(db, "plain-", 20);
    WriteResult u = db.put(doc("updated").put("v", 1));
    u = db.put(doc("updated").put("v", 2).put("_rev", u.rev().toString()));
    db.put(doc("updated").put("v", 3).put("_rev", u.rev().toString()));

    WriteResult d = db.put(doc("deleted").put("v", 1));
    db.delete("deleted", d.rev());

    WriteResult r = db.put(doc("recreated").put("v", 1));
    WriteResult rd = db.delete("recreated", r.rev());
    db.put(doc("recreated").put("v", 2).put("_rev", rd.rev().toString()));

    ObjectNode att = doc("with-attachment").put("kind", "file");
    att.putObject("_attachments")
        .putObject("hello.txt")
        .put("content_type", "text/plain")
        .put(
            "data",
            Base64.getEncoder().encodeToString("hello, world".getBytes(StandardCharsets.UTF_8)));
    db.put(att);

    db.put(doc("_design/app").put("language", "javascript").put("version", 1));

    // A document with three branches: two live leaves and a deleted one.
    List<BulkResult> results =
        db.bulkDocs(
            List.of(
                replicated("conflicted", 1, "aaa", List.of()).put("branch", "root"),
                replicated("conflicted", 2, "bbb", List.of("aaa")).put("branch", "b"),
                replicated("conflicted", 2, "ccc", List.of("aaa")).put("branch", "c"),
                replicated("conflicted", 2, "eee", List.of("aaa")).put("branch", "e"),
                replicated("conflicted", 3, "ddd", List.of("ccc", "aaa")).put("_deleted", true)),
            false);
    for (BulkResult br : results) {
      if (!br.isOk()) {
        throw new AssertionError("setup write failed: " + br.error());
      }
    }
  }

  /** A revision as a replicator would write it: {@code gen-hash} with its ancestors' hashes. */
  static ObjectNode replicated(String id, int gen, String hash, List<String> ancestors) {
    ObjectNode d = doc(id).put("_rev", gen + "-" + hash);
    ObjectNode revs = d.putObject("_revisions");
    revs.put("start", gen);
    var ids = revs.putArray("ids");
    ids.add(hash);
    ancestors.forEach(ids::add);
    return d;
  }
}
