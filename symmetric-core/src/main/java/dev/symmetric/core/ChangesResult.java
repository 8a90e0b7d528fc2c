package dev.symmetric.core;

import java.util.List;

/**
 * A page of changes.
 *
 * @param results the changes, in sequence order (or reversed when asked)
 * @param lastSeq the sequence to pass as {@code since} to continue after this page
 * @param pending how many more changes there are after this page
 */
public record ChangesResult(List<Change> results, long lastSeq, long pending) {
  public ChangesResult {
    results = List.copyOf(results);
  }
}
