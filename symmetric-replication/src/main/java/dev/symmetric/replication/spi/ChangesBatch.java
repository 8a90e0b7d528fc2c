package dev.symmetric.replication.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One answer of a changes feed.
 *
 * @param rows the changed documents with all their leaves
 * @param lastSeq the sequence to continue from
 * @param pending changes left after this batch, or -1 when the endpoint does not say
 */
public record ChangesBatch(List<ChangeRow> rows, JsonNode lastSeq, long pending) {

  /** One changed document: its sequence, id, leaf revisions, and whether the winner is deleted. */
  public record ChangeRow(JsonNode seq, String id, List<String> revs, boolean deleted) {}
}
