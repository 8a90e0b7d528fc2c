package dev.symmetric.core;

import java.util.List;

/**
 * A request for documents by id, as CouchDB's {@code _all_docs} parameters.
 *
 * @param startKey first id ({@code null}: from the start; the end when descending)
 * @param endKey last id ({@code null}: to the end)
 * @param inclusiveEnd whether {@code endKey} itself is included
 * @param limit at most this many rows
 * @param skip rows to skip first
 * @param descending walk ids backwards
 * @param includeDocs include each document's winning revision
 * @param conflicts with {@code includeDocs}: include {@code _conflicts}
 * @param keys exactly these ids, in this order, including missing and deleted ones ({@code null}: a
 *     range)
 */
public record AllDocsRequest(
    String startKey,
    String endKey,
    boolean inclusiveEnd,
    int limit,
    int skip,
    boolean descending,
    boolean includeDocs,
    boolean conflicts,
    List<String> keys) {

  public AllDocsRequest {
    if (limit < 0) {
      throw new BadRequestException("limit must not be negative");
    }
    if (skip < 0) {
      throw new BadRequestException("skip must not be negative");
    }
    keys = keys == null ? null : List.copyOf(keys);
  }

  /** Every document, ascending, without bodies. */
  public static AllDocsRequest all() {
    return new AllDocsRequest(null, null, true, Integer.MAX_VALUE, 0, false, false, false, null);
  }

  public AllDocsRequest withRange(String start, String end) {
    return new AllDocsRequest(
        start, end, inclusiveEnd, limit, skip, descending, includeDocs, conflicts, keys);
  }

  public AllDocsRequest withInclusiveEnd(boolean on) {
    return new AllDocsRequest(
        startKey, endKey, on, limit, skip, descending, includeDocs, conflicts, keys);
  }

  public AllDocsRequest withLimit(int n) {
    return new AllDocsRequest(
        startKey, endKey, inclusiveEnd, n, skip, descending, includeDocs, conflicts, keys);
  }

  public AllDocsRequest withSkip(int n) {
    return new AllDocsRequest(
        startKey, endKey, inclusiveEnd, limit, n, descending, includeDocs, conflicts, keys);
  }

  public AllDocsRequest withDescending(boolean on) {
    return new AllDocsRequest(
        startKey, endKey, inclusiveEnd, limit, skip, on, includeDocs, conflicts, keys);
  }

  public AllDocsRequest withIncludeDocs(boolean on) {
    return new AllDocsRequest(
        startKey, endKey, inclusiveEnd, limit, skip, descending, on, conflicts, keys);
  }

  public AllDocsRequest withConflicts(boolean on) {
    return new AllDocsRequest(
        startKey, endKey, inclusiveEnd, limit, skip, descending, includeDocs, on, keys);
  }

  public AllDocsRequest withKeys(List<String> ids) {
    return new AllDocsRequest(
        startKey, endKey, inclusiveEnd, limit, skip, descending, includeDocs, conflicts, ids);
  }
}
