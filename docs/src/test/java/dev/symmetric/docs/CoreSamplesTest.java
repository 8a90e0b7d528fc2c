package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreSamplesTest {
  @TempDir Path dir;

  @Test
  void theReadmeTourWritesADurableDocument() {
    CoreSamples.readmeTour(dir);
    try (DocumentStore store = DocumentStore.builder().dataDir(dir).build()) {
      Database orders = store.database("orders");
      assertThat(orders.get("o1").rev().generation()).isEqualTo(1);
      assertThat(orders.get("o1").body().get("total").asInt()).isEqualTo(12);
      assertThat(orders.updateSeq()).isEqualTo(1);
    }
  }

  @Test
  void theBuilderOpensRocksDbAndFindsTheDatabaseAgain() {
    try (DocumentStore store = DocumentStore.builder().dataDir(dir).build()) {
      store.createDatabase("orders"); // there before: the sample must find it, not recreate it
    }
    CoreSamples.openStore(dir);
    try (DocumentStore store = DocumentStore.builder().dataDir(dir).build()) {
      assertThat(store.databaseNames()).containsExactly("orders");
      assertThat(store.database("orders").updateSeq()).isEqualTo(1);
    }
  }

  @Test
  void conflictsListTheLosingLeaf() {
    try (DocumentStore store = DocumentStore.builder().storage(StorageEngines.inMemory()).build()) {
      Database db = store.createDatabase("orders");
      ObjectMapper json = new ObjectMapper();
      ObjectNode a = json.createObjectNode().put("_id", "o1").put("_rev", "1-aaa").put("v", 1);
      ObjectNode b = json.createObjectNode().put("_id", "o1").put("_rev", "1-bbb").put("v", 2);
      db.bulkDocs(List.of(a, b), false);
      Document doc = CoreSamples.readWithConflicts(db);
      assertThat(doc.rev().toString()).isEqualTo("1-bbb");
      assertThat(doc.conflicts()).extracting(Object::toString).containsExactly("1-aaa");
    }
  }
}
