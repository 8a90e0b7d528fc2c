package dev.symmetric.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Database;
import dev.symmetric.core.DatabaseInfo;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.Revision;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.StorageException;
import dev.symmetric.core.WriteResult;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage layout: its version guard, and what layout 2 keeps where. */
class StoreLayoutTest {
  @TempDir Path dir;

  private DocumentStore open(long cacheBytes) {
    return DocumentStore.builder()
        .storage(StorageEngines.rocksDb(dir))
        .cacheBytes(cacheBytes)
        .build();
  }

  private static ObjectNode doc(String json) {
    return Json.parseObject(json);
  }

  @Test
  void aNewStoreRecordsItsLayoutVersion() {
    open(0).close();
    try (StorageEngine engine = StorageEngines.rocksDb(dir)) {
      assertThat(engine.get(Keys.layout()))
          .isEqualTo(ByteBuffer.allocate(4).putInt(Keys.LAYOUT_VERSION).array());
    }
  }

  @Test
  void aStoreWithoutALayoutVersionIsLayoutOneAndRefused() {
    try (DocumentStore store = open(0)) {
      store.createDatabase("db").put("a", doc("{\"x\":1}"));
    }
    try (StorageEngine engine = StorageEngines.rocksDb(dir)) {
      engine.write(new WriteBatch().delete(Keys.layout()), Durability.SYNC);
    }
    assertThatThrownBy(() -> open(0))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("storage layout 1")
        .hasMessageContaining("replicate its databases into a new, empty store");
    // Refusing released the directory: it opens again once the version is back.
    try (StorageEngine engine = StorageEngines.rocksDb(dir)) {
      engine.write(
          new WriteBatch().put(Keys.layout(), ByteBuffer.allocate(4).putInt(2).array()),
          Durability.SYNC);
    }
    try (DocumentStore store = open(0)) {
      assertThat(store.database("db").get("a").bodyBytes())
          .isEqualTo("{\"x\":1}".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aStoreFromANewerLayoutIsRefused() {
    open(0).close();
    try (StorageEngine engine = StorageEngines.rocksDb(dir)) {
      engine.write(
          new WriteBatch().put(Keys.layout(), ByteBuffer.allocate(4).putInt(3).array()),
          Durability.SYNC);
    }
    assertThatThrownBy(() -> open(0))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("storage layout 3");
  }

  @Test
  void countsAndUpdateSeqSurviveAReopenWithoutACountersKey() {
    DatabaseInfo before;
    try (DocumentStore store = open(0)) {
      Database db = store.createDatabase("db");
      Database other = store.createDatabase("other");
      WriteResult a = db.put("a", doc("{}"));
      db.put("b", doc("{}"));
      db.put("c", doc("{}"));
      db.delete("a", a.rev());
      db.put("b", doc("{\"_rev\":\"" + db.get("b").rev() + "\",\"v\":2}"));
      db.putLocal("checkpoint", doc("{\"seq\":5}"));
      other.put("z", doc("{}"));
      before = db.info();
      assertThat(before.docCount()).isEqualTo(2);
      assertThat(before.docDelCount()).isEqualTo(1);
      assertThat(before.updateSeq()).isEqualTo(5);
    }
    try (DocumentStore store = open(0)) {
      assertThat(store.database("db").info()).isEqualTo(before);
      assertThat(store.database("other").info().docCount()).isEqualTo(1);
      assertThat(store.database("other").info().updateSeq()).isEqualTo(1);
      store.createDatabase("empty");
    }
    try (DocumentStore store = open(0)) {
      DatabaseInfo empty = store.database("empty").info();
      assertThat(List.of(empty.docCount(), empty.docDelCount(), empty.updateSeq()))
          .containsExactly(0L, 0L, 0L);
    }
  }

  @Test
  void theWinnersBodyMovesBetweenTheRecordAndItsOwnKeyAsTheWinnerChanges() {
    Revision two = Revision.parse("2-bbbb");
    Revision rival = Revision.parse("2-cccc");
    try (DocumentStore store = open(0)) {
      Database db = store.createDatabase("db");
      db.bulkDocs(
          List.of(
              doc("{\"_id\":\"d\",\"_rev\":\"1-aaaa\",\"n\":1}"),
              doc(
                  "{\"_id\":\"d\",\"_rev\":\"2-bbbb\",\"n\":2,"
                      + "\"_revisions\":{\"start\":2,\"ids\":[\"bbbb\",\"aaaa\"]}}"),
              doc(
                  "{\"_id\":\"d\",\"_rev\":\"2-cccc\",\"n\":3,"
                      + "\"_revisions\":{\"start\":2,\"ids\":[\"cccc\",\"aaaa\"]}}")),
          false);
      // 2-cccc wins (higher hash); 2-bbbb is a conflict kept under its own key.
      assertThat(db.get("d").rev()).isEqualTo(rival);
      assertThat(db.get("d", GetOptions.defaults().withRev(two)).bodyBytes())
          .isEqualTo("{\"n\":2}".getBytes(StandardCharsets.UTF_8));
      db.delete("d", rival);
    }
    try (DocumentStore store = open(0)) {
      Database db = store.database("db");
      // Deleting the winner makes the conflict win: its body moved into the record.
      assertThat(db.get("d").rev()).isEqualTo(two);
      assertThat(db.get("d").bodyBytes()).isEqualTo("{\"n\":2}".getBytes(StandardCharsets.UTF_8));
      assertThat(db.get("d", GetOptions.defaults().withRev(rival).withLatest(true)).deleted())
          .isTrue();
    }
    try (StorageEngine engine = StorageEngines.rocksDb(dir)) {
      long dbId = 1;
      byte[] id = "d".getBytes(StandardCharsets.UTF_8);
      DocRecord rec = DocRecord.decode(engine.get(Keys.doc(dbId, id)));
      assertThat(rec.winner()).isEqualTo(two);
      assertThat(rec.winnerBody()).isEqualTo("{\"n\":2}".getBytes(StandardCharsets.UTF_8));
      assertThat(engine.get(Keys.body(dbId, id, two.toString()))).isNull();
    }
  }
}
