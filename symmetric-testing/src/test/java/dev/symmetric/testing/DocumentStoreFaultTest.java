package dev.symmetric.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.Revision;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.StorageException;
import dev.symmetric.core.SymmetricException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Storage failures during writes: the write fails as a whole and leaves no trace. */
class DocumentStoreFaultTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final List<String> IDS = List.of("a", "b", "c", "d", "e");

  private FaultyStorageEngine storage;
  private DocumentStore store;
  private Database db;

  @BeforeEach
  void open() {
    storage = new FaultyStorageEngine(StorageEngines.inMemory());
    store = DocumentStore.builder().storage(storage).build();
    db = store.createDatabase("faulty");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static ObjectNode doc(String id, Revision rev, int value) {
    ObjectNode doc = M.createObjectNode().put("_id", id).put("value", value);
    if (rev != null) {
      doc.put("_rev", rev.toString());
    }
    return doc;
  }

  @Test
  void aWriteThatFailsInStorageChangesNothing() {
    Revision a1 = db.put(doc("a", null, 1)).rev();
    Revision a2 = db.put(doc("a", a1, 2)).rev();
    db.put(doc("b", null, 1));
    Revision local = db.putLocal("cp", M.createObjectNode().put("seq", 1)).rev();
    List<String> before = observe(db);

    storage.failNextWrites(1);
    assertThatThrownBy(() -> db.put(doc("a", a2, 3))).isInstanceOf(StorageException.class);
    storage.failNextWrites(1);
    assertThatThrownBy(() -> db.put(doc("new", null, 1))).isInstanceOf(StorageException.class);
    storage.failNextWrites(1);
    assertThatThrownBy(
            () -> db.bulkDocs(List.of(doc("b", db.get("b").rev(), 2), doc("c", null, 1)), true))
        .isInstanceOf(StorageException.class);
    storage.failNextWrites(1);
    assertThatThrownBy(() -> db.delete("a", a2)).isInstanceOf(StorageException.class);
    storage.failNextWrites(1);
    assertThatThrownBy(() -> db.putLocal("cp", M.createObjectNode().put("_rev", local.toString())))
        .isInstanceOf(StorageException.class);
    storage.failNextWrites(1);
    assertThatThrownBy(() -> db.revsLimit(3)).isInstanceOf(StorageException.class);
    assertThat(storage.injectedFailures()).isEqualTo(6);

    assertThat(observe(db)).containsExactlyElementsOf(before);
    assertThat(db.revsLimit()).isEqualTo(1000);

    // Nothing of the failed attempts lingers in the cache: the same edits now go through.
    storage.heal();
    Revision a3 = db.put(doc("a", a2, 3)).rev();
    assertThat(a3.generation()).isEqualTo(3);
    assertThat(db.get("a").rev()).isEqualTo(a3);
    assertThat(db.get("a").body().get("value").asInt()).isEqualTo(3);
    assertThat(db.get("a", GetOptions.defaults().withRevisions(true)).revisions())
        .containsExactly(a3, a2, a1);
    assertThat(db.put(doc("new", null, 1)).rev().generation()).isEqualTo(1);
    assertThat(db.updateSeq()).isEqualTo(5);
    assertThat(db.changes(ChangesRequest.since(3)).results())
        .extracting(c -> c.id())
        .containsExactly("a", "new");
    assertThat(db.getLocal("cp").get("_rev").asText()).isEqualTo("0-1");
  }

  /**
   * Random writes with random storage failures end in the state of a clean store that received only
   * the writes that were acknowledged.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomFailuresLeaveTheStateOfTheAcknowledgedWrites(long seed) {
    Random random = new Random(seed);
    storage.failWritesRandomly(0.3, seed);
    try (DocumentStore cleanStore =
        DocumentStore.builder().storage(StorageEngines.inMemory()).build()) {
      Database clean = cleanStore.createDatabase("faulty");
      int acknowledged = 0;
      for (int step = 0; step < 300; step++) {
        Function<Database, String> write = randomWrite(random);
        String outcome = attempt(write, db);
        if (outcome.startsWith("error storage_error")) {
          continue;
        }
        acknowledged++;
        assertThat(attempt(write, clean)).as("step %d", step).isEqualTo(outcome);
        if (step % 10 == 0) {
          assertThat(observe(db)).as("step %d", step).containsExactlyElementsOf(observe(clean));
        }
      }
      assertThat(storage.injectedFailures()).isPositive();
      assertThat(acknowledged).isPositive();
      assertThat(observe(db)).containsExactlyElementsOf(observe(clean));
    }
  }

  /** A write whose inputs are read from the target itself, which equals the other target. */
  private static Function<Database, String> randomWrite(Random random) {
    String id = IDS.get(random.nextInt(IDS.size()));
    String other = IDS.get(random.nextInt(IDS.size()));
    int value = random.nextInt(4);
    int kind = random.nextInt(10);
    return target -> {
      Revision current = winner(target, id);
      return switch (kind) {
        case 0, 1, 2, 3 -> "ok " + target.put(doc(id, current, value)).rev();
        case 4 -> "ok " + target.delete(id, current).rev();
        case 5 -> "ok " + target.put(doc(id, null, value)).rev();
        case 6, 7 ->
            render(
                target.bulkDocs(
                    List.of(doc(id, current, value), doc(other, winner(target, other), value)),
                    true));
        case 8 -> {
          ObjectNode replicated = doc(id, new Revision(3 + value, "r" + value), value);
          replicated
              .putObject("_revisions")
              .put("start", 3 + value)
              .putArray("ids")
              .add("r" + value)
              .add("q" + value);
          yield render(target.bulkDocs(List.of(replicated), false));
        }
        default -> "ok " + target.compact();
      };
    };
  }

  private static Revision winner(Database db, String id) {
    try {
      return db.get(id).rev();
    } catch (SymmetricException e) {
      return null;
    }
  }

  private static String attempt(Function<Database, String> write, Database target) {
    try {
      return write.apply(target);
    } catch (SymmetricException e) {
      return "error " + e.error();
    }
  }

  private static String render(List<BulkResult> results) {
    List<String> out = new ArrayList<>();
    results.forEach(r -> out.add(r.isOk() ? "ok " + r.rev() : "error " + r.error().error()));
    return out.toString();
  }

  /** What a reader can see of the database. */
  private static List<String> observe(Database db) {
    List<String> out = new ArrayList<>();
    var info = db.info();
    out.add(
        "info "
            + info.docCount()
            + " "
            + info.docDelCount()
            + " "
            + info.updateSeq()
            + " "
            + info.revsLimit());
    out.add("allDocs " + db.allDocs(AllDocsRequest.all().withIncludeDocs(true)).rows());
    for (var c : db.changes(ChangesRequest.since(0).withAllLeaves(true)).results()) {
      out.add("change " + c.seq() + " " + c.id() + " " + c.revs() + " " + c.deleted());
    }
    GetOptions all =
        GetOptions.defaults().withConflicts(true).withDeletedConflicts(true).withRevisions(true);
    for (String id : List.of("a", "b", "c", "d", "e", "new")) {
      try {
        Document d = db.get(id, all);
        out.add("get " + d);
      } catch (SymmetricException e) {
        out.add("get " + id + " " + e.error() + " " + e.reason());
      }
    }
    try {
      out.add("local " + db.getLocal("cp"));
    } catch (SymmetricException e) {
      out.add("local " + e.error());
    }
    return out;
  }
}
