package dev.symmetric.replication.sim;

import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.replication.Digests;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every node must agree on once converged, per document id: each leaf with its deletion flag
 * and body ({@link Digests}), and, read the way a client reads it, the winner and its conflicts.
 */
final class SimDigest {
  private SimDigest() {}

  static SortedMap<String, String> describe(Database db) {
    SortedMap<String, String> out = new TreeMap<>();
    GetOptions read = GetOptions.defaults().withConflicts(true).withDeletedConflicts(true);
    Digests.describe(db)
        .forEach(
            (id, leaves) -> {
              String client;
              try {
                Document d = db.get(id, read);
                client =
                    "get="
                        + d.rev()
                        + " conflicts="
                        + d.conflicts()
                        + " deleted="
                        + d.deletedConflicts();
              } catch (NotFoundException e) {
                client = "get=deleted";
              }
              out.put(id, leaves + "; " + client);
            });
    return out;
  }
}
