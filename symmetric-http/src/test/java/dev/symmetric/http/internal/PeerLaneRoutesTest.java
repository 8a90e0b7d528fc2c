package dev.symmetric.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which routes take the peer lane; the lane itself is exercised end to end in PeerLaneTest. */
class PeerLaneRoutesTest {

  private static boolean lane(String method, String template, String body) {
    return PeerLane.isReplicationRoute(method, template, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void replicationReadsAndCheckpointsTakeTheLane() {
    assertThat(lane("GET", "/db/{db}/_changes", "")).isTrue();
    assertThat(lane("POST", "/db/{db}/_changes", "{}")).isTrue();
    assertThat(lane("POST", "/db/{db}/_revs_diff", "{}")).isTrue();
    assertThat(lane("POST", "/db/{db}/_bulk_get", "{}")).isTrue();
    assertThat(lane("GET", "/db/{db}/_local/{docid}", "")).isTrue();
    assertThat(lane("PUT", "/db/{db}/_local/{docid}", "{}")).isTrue();
    assertThat(lane("DELETE", "/db/{db}/_local/{docid}", "")).isFalse();
    assertThat(lane("GET", "/db/{db}", "")).isTrue();
    assertThat(lane("PUT", "/db/{db}", "")).isFalse();
  }

  @Test
  void onlyReplicatedBulkWritesTakeTheLane() {
    assertThat(lane("POST", "/db/{db}/_bulk_docs", "{\"new_edits\":false,\"docs\":[]}")).isTrue();
    assertThat(lane("POST", "/db/{db}/_bulk_docs", "{\"docs\":[], \"new_edits\" :\n false}"))
        .isTrue();
    assertThat(lane("POST", "/db/{db}/_bulk_docs", "{\"docs\":[]}")).isFalse();
    assertThat(lane("POST", "/db/{db}/_bulk_docs", "{\"new_edits\":true,\"docs\":[]}")).isFalse();
    assertThat(lane("POST", "/db/{db}/_bulk_docs", "{\"new_edits\"")).isFalse();
  }

  @Test
  void clientRoutesStayOnTheWorkers() {
    assertThat(lane("PUT", "/db/{db}/{docid}", "{}")).isFalse();
    assertThat(lane("GET", "/db/{db}/{docid}", "")).isFalse();
    assertThat(lane("GET", "/db/{db}/_all_docs", "")).isFalse();
    assertThat(lane("GET", "/app/block", "")).isFalse();
  }
}
