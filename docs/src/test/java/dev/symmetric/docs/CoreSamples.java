package dev.symmetric.docs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ChangesResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.Revision;
import dev.symmetric.core.WriteResult;
import dev.symmetric.core.spi.Durability;
import java.nio.file.Path;
import java.util.List;

/** The samples of README.md and core.md; {@link CoreSamplesTest} runs them. */
final class CoreSamples {
  private CoreSamples() {}

  static void readmeTour(Path dataDir) {
    // tag::readme-store[]
    try (DocumentStore store = DocumentStore.builder().dataDir(dataDir).build()) {
      Database orders = store.createDatabase("orders");
      ObjectNode order = new ObjectMapper().createObjectNode().put("_id", "o1").put("total", 12);
      WriteResult created = orders.put(order); // 1-<hash>
      Document read = orders.get("o1"); // the winning revision
      ChangesResult changes = orders.changes(ChangesRequest.since(0));
    }
    // end::readme-store[]
  }

  static void openStore(Path dataDir) {
    // tag::core-builder[]
    try (DocumentStore store =
        DocumentStore.builder()
            .dataDir(dataDir) // RocksDB, the default engine
            .durability(Durability.SYNC) // acknowledge after fsync (the default)
            .cacheBytes(32L << 20) // hot revision trees and bodies (the default)
            .build()) {
      Database orders =
          store.findDatabase("orders").orElseGet(() -> store.createDatabase("orders"));
      orders.put("o2", new ObjectMapper().createObjectNode().put("total", 3));
    }
    // end::core-builder[]
  }

  static Document readWithConflicts(Database orders) {
    // tag::core-conflicts[]
    Document doc = orders.get("o1", GetOptions.defaults().withConflicts(true));
    List<Revision> losers =
        doc.conflicts(); // the losing live leaves, empty when there is no conflict
    // end::core-conflicts[]
    if (losers == null) {
      throw new AssertionError();
    }
    return doc;
  }
}
