package dev.symmetric.replication.cluster;

import java.util.List;

/**
 * A document with more than one non-deleted leaf.
 *
 * @param id the document id
 * @param winner the winning revision
 * @param conflicts the losing non-deleted leaves
 */
public record ConflictedDocument(String id, String winner, List<String> conflicts) {
  public ConflictedDocument {
    conflicts = List.copyOf(conflicts);
  }
}
