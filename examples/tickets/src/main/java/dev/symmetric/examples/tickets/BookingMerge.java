package dev.symmetric.examples.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Document;
import dev.symmetric.replication.cluster.ConflictResolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges concurrent edits of one booking, the same way on every node (it reads nothing but the
 * leaves):
 *
 * <ul>
 *   <li>the status furthest along {@code pending < failed < confirmed < cancelled} wins, with the
 *       fields its change set ({@code settledBy}, {@code cancelledAt});
 *   <li>the contact details of the latest edit win: largest {@code contactUpdatedAt}, then largest
 *       {@code contactUpdatedBy} (a node id), then largest revision;
 *   <li>everything else, identical on every leaf of a booking, comes from the winner.
 * </ul>
 */
final class BookingMerge implements ConflictResolver {

  @Override
  public ObjectNode resolve(Document winner, List<Document> losers) {
    List<Document> all = new ArrayList<>(losers.size() + 1);
    all.add(winner);
    all.addAll(losers);
    Document byStatus =
        all.stream()
            .max(
                Comparator.comparingInt(
                        (Document d) -> Booking.rank(d.body().path("status").asText()))
                    .thenComparing(Document::rev))
            .orElseThrow();
    Document byContact =
        all.stream()
            .max(
                Comparator.comparingLong((Document d) -> d.body().path("contactUpdatedAt").asLong())
                    .thenComparing(d -> d.body().path("contactUpdatedBy").asText())
                    .thenComparing(Document::rev))
            .orElseThrow();
    ObjectNode merged = winner.body();
    ObjectNode status = byStatus.body();
    for (String f : List.of("status", "settledBy", "cancelledAt")) {
      copy(status, merged, f);
    }
    ObjectNode contact = byContact.body();
    for (String f : List.of("contact", "contactUpdatedAt", "contactUpdatedBy")) {
      copy(contact, merged, f);
    }
    return merged;
  }

  private static void copy(ObjectNode from, ObjectNode to, String field) {
    JsonNode v = from.get(field);
    if (v == null) {
      to.remove(field);
    } else {
      to.set(field, v);
    }
  }

  /** For documents that are written once: keep the winner, so the conflict ends everywhere. */
  static ConflictResolver keepWinner() {
    return (winner, losers) -> winner.body();
  }
}
