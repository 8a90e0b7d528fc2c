package dev.symmetric.core;

import java.util.List;

/**
 * One row of a changes feed.
 *
 * @param seq the sequence of the document's latest change
 * @param id the document id
 * @param revs the winning revision, or every leaf (winner first) for {@code style=all_docs}
 * @param deleted whether the winning revision is a deletion
 * @param doc the winning revision when asked for, else {@code null}
 */
public record Change(long seq, String id, List<Revision> revs, boolean deleted, Document doc) {
  public Change {
    revs = List.copyOf(revs);
  }
}
