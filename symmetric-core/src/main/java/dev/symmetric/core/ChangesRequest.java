package dev.symmetric.core;

import java.util.Set;
import java.util.function.Predicate;

/**
 * A request for changes, as CouchDB's {@code _changes} parameters.
 *
 * @param since only changes with a greater sequence
 * @param limit at most this many results ({@code Integer.MAX_VALUE}: no limit)
 * @param allLeaves {@code style=all_docs}: every leaf of each document, not only the winner
 * @param includeDocs include each document's winning revision
 * @param conflicts with {@code includeDocs}: include {@code _conflicts}
 * @param docIds only these documents ({@code null}: all)
 * @param filter only documents (at their winning revision) it accepts ({@code null}: all)
 * @param descending newest change first
 */
public record ChangesRequest(
    long since,
    int limit,
    boolean allLeaves,
    boolean includeDocs,
    boolean conflicts,
    Set<String> docIds,
    Predicate<Document> filter,
    boolean descending) {

  public ChangesRequest {
    if (since < 0) {
      throw new BadRequestException("since must not be negative");
    }
    if (limit < 0) {
      throw new BadRequestException("limit must not be negative");
    }
    docIds = docIds == null ? null : Set.copyOf(docIds);
  }

  /** Every change after {@code since}, winners only. */
  public static ChangesRequest since(long since) {
    return new ChangesRequest(since, Integer.MAX_VALUE, false, false, false, null, null, false);
  }

  public ChangesRequest withLimit(int limit) {
    return new ChangesRequest(
        since, limit, allLeaves, includeDocs, conflicts, docIds, filter, descending);
  }

  public ChangesRequest withAllLeaves(boolean on) {
    return new ChangesRequest(since, limit, on, includeDocs, conflicts, docIds, filter, descending);
  }

  public ChangesRequest withIncludeDocs(boolean on) {
    return new ChangesRequest(since, limit, allLeaves, on, conflicts, docIds, filter, descending);
  }

  public ChangesRequest withConflicts(boolean on) {
    return new ChangesRequest(since, limit, allLeaves, includeDocs, on, docIds, filter, descending);
  }

  public ChangesRequest withDocIds(Set<String> ids) {
    return new ChangesRequest(
        since, limit, allLeaves, includeDocs, conflicts, ids, filter, descending);
  }

  public ChangesRequest withFilter(Predicate<Document> f) {
    return new ChangesRequest(
        since, limit, allLeaves, includeDocs, conflicts, docIds, f, descending);
  }

  public ChangesRequest withDescending(boolean on) {
    return new ChangesRequest(since, limit, allLeaves, includeDocs, conflicts, docIds, filter, on);
  }
}
