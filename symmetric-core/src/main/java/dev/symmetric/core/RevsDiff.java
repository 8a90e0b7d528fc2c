package dev.symmetric.core;

import java.util.List;

/**
 * For one document: the asked-for revisions the database lacks, and leaves it has that may be their
 * ancestors (a replicator can send only the difference).
 */
public record RevsDiff(List<Revision> missing, List<Revision> possibleAncestors) {
  public RevsDiff {
    missing = List.copyOf(missing);
    possibleAncestors = List.copyOf(possibleAncestors);
  }
}
