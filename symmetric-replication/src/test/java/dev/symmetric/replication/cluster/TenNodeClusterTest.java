package dev.symmetric.replication.cluster;

import static dev.symmetric.replication.cluster.ClusterHarness.await;
import static dev.symmetric.replication.cluster.ClusterHarness.digest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.http.SymmetricNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ten nodes on one machine: every node learns every other through one seed, a database made on one
 * node reaches all, and writes on every node converge. With {@code pullPeersMax(3)} each node pulls
 * from three peers instead of nine, and writes still reach everyone through the ring.
 */
class TenNodeClusterTest {
  private static final int NODES = 10;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @ParameterizedTest(name = "pullPeersMax={0}")
  @ValueSource(ints = {Integer.MAX_VALUE, 3})
  void tenNodesDiscoverEachOtherAndConverge(int pullPeersMax) {
    try (ClusterHarness harness = new ClusterHarness()) {
      List<SymmetricNode> nodes = new ArrayList<>();
      List<URI> seed = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        String id = "n" + i;
        nodes.add(
            harness.start(
                id, 0, null, ClusterHarness.fastCluster(seed).pullPeersMax(pullPeersMax)));
        if (seed.isEmpty()) {
          seed.add(nodes.get(0).baseUri());
        }
      }
      for (SymmetricNode n : nodes) {
        await(
            n.nodeId() + " sees all ten alive",
            WAIT,
            () -> {
              Map<String, String> states = harness.memberStates(n);
              return nodes.stream().allMatch(m -> m == n || "alive".equals(states.get(m.nodeId())));
            });
      }

      nodes.get(3).store().createDatabase("ledger");
      for (SymmetricNode n : nodes) {
        await(
            "ledger reaches " + n.nodeId(),
            WAIT,
            () -> n.store().findDatabase("ledger").isPresent());
      }
      for (SymmetricNode n : nodes) {
        for (int k = 0; k < 10; k++) {
          ObjectNode doc = ClusterHarness.JSON.createObjectNode();
          doc.put("_id", n.nodeId() + "-" + k).put("k", k);
          n.store().database("ledger").put(doc);
        }
        // The same id written on every node: a conflict all nodes must settle the same way. Each
        // node gets its own first revision as a replicated write (new_edits=false), since a plain
        // put would conflict with another node's revision that replication delivered already.
        ObjectNode shared = ClusterHarness.JSON.createObjectNode();
        shared
            .put("_id", "shared")
            .put("_rev", "1-" + md5Hex(n.nodeId()))
            .put("writer", n.nodeId());
        assertThat(n.store().database("ledger").bulkDocs(List.of(shared), false).get(0).isOk())
            .isTrue();
      }
      await(
          "ten nodes converge",
          WAIT,
          () -> {
            Map<String, String> first = digest(nodes.get(0), "ledger");
            return first.size() == NODES * 10 + 1
                && nodes.stream().allMatch(n -> digest(n, "ledger").equals(first));
          });
      String sharedOnFirst = digest(nodes.get(0), "ledger").get("shared");
      // Ten concurrent first revisions of one id: ten leaves, one winner everywhere.
      assertThat(sharedOnFirst.split(",")).hasSize(NODES);
    }
  }

  private static String md5Hex(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("MD5")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
