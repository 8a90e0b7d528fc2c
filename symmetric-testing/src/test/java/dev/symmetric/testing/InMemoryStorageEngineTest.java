package dev.symmetric.testing;

import static dev.symmetric.testing.TestBytes.numbered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.Snapshot;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.WriteBatch;
import org.junit.jupiter.api.Test;

/** What only the in-memory engine promises, beyond the conformance suite. */
class InMemoryStorageEngineTest {

  /** Sorted inserts would make an unbalanced tree deep enough to overflow the stack. */
  @Test
  void sortedInsertsOfManyKeysStayShallow() {
    try (StorageEngine engine = StorageEngines.inMemory()) {
      int n = 200_000;
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < n; i++) {
        batch.put(numbered("k", i), new byte[0]);
      }
      engine.write(batch, Durability.WAL);
      try (Snapshot before = engine.snapshot()) {
        engine.write(
            new WriteBatch().deleteRange(numbered("k", 0), numbered("k", n / 2)), Durability.WAL);
        assertThat(count(engine)).isEqualTo(n / 2);
        assertThat(count(before)).isEqualTo(n);
      }
      assertThat(engine.stats().approximateKeys()).isEqualTo(n / 2);
    }
  }

  private static int count(dev.symmetric.core.spi.KeyValueReader reader) {
    int count = 0;
    try (Cursor cursor = reader.scan(KeyRange.all())) {
      while (cursor.next()) {
        count++;
      }
    }
    return count;
  }
}
