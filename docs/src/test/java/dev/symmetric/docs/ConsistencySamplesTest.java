package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.Revision;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.WriteResult;
import org.junit.jupiter.api.Test;

class ConsistencySamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsTheWrittenRevisionOrANewerOneAndNothingOlder() {
    try (DocumentStore store = DocumentStore.builder().storage(StorageEngines.inMemory()).build()) {
      Database orders = store.createDatabase("orders");
      WriteResult first = orders.put("o1", JSON.createObjectNode().put("qty", 1));
      Revision unknown = Revision.parse("2-0123456789abcdef0123456789abcdef");
      assertThat(ConsistencySamples.readAtLeast(orders, unknown)).isEmpty();

      assertThat(ConsistencySamples.readAtLeast(orders, first.rev()).orElseThrow().rev())
          .isEqualTo(first.rev());
      WriteResult second =
          orders.put(
              "o1", JSON.createObjectNode().put("_rev", first.rev().toString()).put("qty", 2));
      assertThat(ConsistencySamples.readAtLeast(orders, first.rev()).orElseThrow().rev())
          .isEqualTo(second.rev());
    }
  }
}
