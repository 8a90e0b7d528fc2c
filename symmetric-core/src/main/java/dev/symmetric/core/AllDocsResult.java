package dev.symmetric.core;

import java.util.List;

/**
 * A page of {@code _all_docs}.
 *
 * @param totalRows the number of non-deleted documents in the database
 * @param offset how many documents come before the first row in the walk order
 * @param rows the rows
 */
public record AllDocsResult(long totalRows, long offset, List<AllDocsRow> rows) {
  public AllDocsResult {
    rows = List.copyOf(rows);
  }
}
