package dev.symmetric.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.jobs.spi.AcceptorRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptor records as local documents, listed through their key index. */
class DatabaseAcceptorStorageTest {
  private final List<DocumentStore> stores = new ArrayList<>();

  @AfterEach
  void close() {
    stores.forEach(DocumentStore::close);
  }

  private Database database() {
    DocumentStore store = DocumentStore.builder().storage(StorageEngines.inMemory()).build();
    stores.add(store);
    return store.createDatabase("symmetric-jobs");
  }

  private static AcceptorRecord record(long round) {
    return new AcceptorRecord(round, "a#1", round, "a#1", 1_000, 0);
  }

  private static List<String> all(DatabaseAcceptorStorage storage, int page) {
    List<String> out = new ArrayList<>();
    String after = "";
    while (true) {
      List<String> keys = storage.keysAfter(after, page);
      out.addAll(keys);
      if (keys.size() < page) {
        return out;
      }
      after = keys.get(keys.size() - 1);
    }
  }

  @Test
  void listsEverySavedKeyOnceAcrossPagesAndForgetsDeletedOnes() {
    DatabaseAcceptorStorage storage = new DatabaseAcceptorStorage(database());
    Set<String> saved = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      String key = "seat/" + i;
      storage.save(key, record(1));
      storage.save(key, record(2)); // a second save of a key does not list it twice
      saved.add(key);
    }
    storage.save("", record(9)); // the acceptor's own node-wide record is never listed

    List<String> listed = all(storage, 64);
    assertThat(listed).hasSize(300).doesNotHaveDuplicates();
    assertThat(new HashSet<>(listed)).isEqualTo(saved);

    for (int i = 0; i < 300; i += 2) {
      storage.delete("seat/" + i);
      saved.remove("seat/" + i);
    }
    storage.delete("seat/never-saved");
    assertThat(new HashSet<>(all(storage, 50))).isEqualTo(saved);
    assertThat(storage.load("seat/0")).isEmpty();
    assertThat(storage.load("seat/1")).contains(record(2));
  }

  @Test
  void theIndexOutlivesAReopen(@TempDir Path dir) {
    try (DocumentStore store = DocumentStore.builder().dataDir(dir).build()) {
      DatabaseAcceptorStorage storage =
          new DatabaseAcceptorStorage(store.createDatabase("symmetric-jobs"));
      storage.save("job/tick/0", record(3));
      storage.save("queue/q1", record(4));
    }
    try (DocumentStore store = DocumentStore.builder().dataDir(dir).build()) {
      DatabaseAcceptorStorage storage =
          new DatabaseAcceptorStorage(store.database("symmetric-jobs"));
      assertThat(all(storage, 10)).containsExactlyInAnyOrder("job/tick/0", "queue/q1");
      assertThat(storage.load("queue/q1")).contains(record(4));
    }
  }

  @Test
  void recordsWrittenBeforeTheIndexExistedCannotBeListed() {
    Database db = database();
    // What an acceptor without the index left behind: its node-wide record and key records.
    new DatabaseAcceptorStorage(db).save("", record(1));
    db.deleteLocal(
        "claim-index",
        dev.symmetric.core.Revision.parse(db.getLocal("claim-index").get("_rev").asText()));
    DatabaseAcceptorStorage storage = new DatabaseAcceptorStorage(db);
    storage.save("seat/1", record(1));
    assertThat(storage.load("seat/1")).contains(record(1));
    assertThatThrownBy(() -> storage.keysAfter("", 10))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> storage.delete("seat/1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
