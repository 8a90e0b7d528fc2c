package dev.symmetric.examples.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Document;
import dev.symmetric.core.Revision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BookingMergeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BookingMerge merge = new BookingMerge();

  private static Document leaf(String rev, String status, String phone, long at, String by)
      throws Exception {
    ObjectNode b = JSON.createObjectNode();
    b.put("event", "gig").put("seat", "1").put("customer", "ann").put("token", 4);
    b.put("status", status);
    if (status.equals("cancelled")) {
      b.put("cancelledAt", 99);
    }
    b.putObject("contact").put("phone", phone);
    b.put("contactUpdatedAt", at).put("contactUpdatedBy", by);
    return new Document(
        "gig:1:4", Revision.parse(rev), false, JSON.writeValueAsBytes(b), null, null, null, null);
  }

  @Test
  void theStatusFurthestAlongAndTheLatestContactWin() throws Exception {
    Document a = leaf("3-aaa", "confirmed", "+1", 10, "n1");
    Document b = leaf("3-bbb", "cancelled", "+2", 5, "n2");
    Document c = leaf("3-ccc", "confirmed", "+3", 10, "n3");
    ObjectNode merged = merge.resolve(a, List.of(b, c));
    assertThat(merged.path("status").asText()).isEqualTo("cancelled");
    assertThat(merged.path("cancelledAt").asLong()).isEqualTo(99);
    assertThat(merged.path("contact").path("phone").asText())
        .as("same time: the larger node id")
        .isEqualTo("+3");
    assertThat(merged.path("customer").asText()).isEqualTo("ann");
  }

  @Test
  void confirmedOutranksFailedAndPending() throws Exception {
    ObjectNode merged =
        merge.resolve(
            leaf("2-aaa", "pending", "+1", 1, "n1"),
            List.of(
                leaf("3-bbb", "failed", "+1", 1, "n1"), leaf("2-ccc", "confirmed", "+1", 1, "n1")));
    assertThat(merged.path("status").asText()).isEqualTo("confirmed");
  }

  @Test
  void everyNodeMergesToTheSameBodyWhicheverLeafItCallsTheWinner() throws Exception {
    List<Document> leaves =
        List.of(
            leaf("4-aaa", "confirmed", "+1", 7, "n1"),
            leaf("4-bbb", "pending", "+2", 9, "n2"),
            leaf("4-ccc", "confirmed", "+3", 9, "n1"),
            leaf("4-ddd", "failed", "+4", 2, "n3"));
    ObjectNode first = null;
    for (int w = 0; w < leaves.size(); w++) {
      List<Document> losers = new ArrayList<>(leaves);
      Document winner = losers.remove(w);
      for (int rot = 0; rot < losers.size(); rot++) {
        Collections.rotate(losers, 1);
        ObjectNode merged = merge.resolve(winner, List.copyOf(losers));
        if (first == null) {
          first = merged;
        }
        assertThat(merged).as("winner %s, losers %s", winner.rev(), losers).isEqualTo(first);
      }
    }
    assertThat(first.path("status").asText()).isEqualTo("confirmed");
    assertThat(first.path("contact").path("phone").asText()).isEqualTo("+2");
  }
}
