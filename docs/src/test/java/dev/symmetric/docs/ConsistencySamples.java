package dev.symmetric.docs;

import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.core.Revision;
import java.util.Optional;

/** The samples of consistency.md; {@link ConsistencySamplesTest} runs them. */
final class ConsistencySamples {
  private ConsistencySamples() {}

  static Optional<Document> readAtLeast(Database orders, Revision written) {
    // tag::read-at-least[]
    // The newest leaf that descends from the revision this client wrote, wherever it was written;
    // NotFoundException while this node has not received that revision yet.
    try {
      return Optional.of(orders.get("o1", GetOptions.defaults().withRev(written).withLatest(true)));
    } catch (NotFoundException notYetHere) {
      return Optional.empty(); // retry shortly, or ask the node that took the write
    }
    // end::read-at-least[]
  }
}
