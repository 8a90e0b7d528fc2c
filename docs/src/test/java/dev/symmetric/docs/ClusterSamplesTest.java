package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.replication.cluster.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSamplesTest {
  private static final String SECRET = "docs-cluster-secret-0123";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<SymmetricNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(SymmetricNode::close);
  }

  @Test
  void aConflictMadeOnTwoNodesIsMergedTheSameWayOnBoth() {
    SymmetricNode a = ClusterSamples.clusterNode("a", dir.resolve("a"), 0, SECRET, List.of());
    nodes.add(a);
    SymmetricNode b =
        ClusterSamples.clusterNode("b", dir.resolve("b"), 0, SECRET, List.of(a.baseUri()));
    nodes.add(b);
    // Two branches of one document, one written on each node as a replicator would.
    write(a, "1-aaa", "red");
    write(b, "1-bbb", "blue");

    // Both nodes may resolve at once; they settle on one merged revision, possibly after a round.
    AtomicReference<Document> settled = new AtomicReference<>();
    Await.until(
        "one merged profile on both nodes",
        Duration.ofSeconds(60),
        () -> {
          Document onA = merged(a);
          Document onB = merged(b);
          boolean same =
              onA != null
                  && onB != null
                  && onA.conflicts().isEmpty()
                  && onB.conflicts().isEmpty()
                  && onA.rev().equals(onB.rev());
          if (same) {
            settled.set(onA);
          }
          return same;
        });
    assertThat(settled.get().body().get("tags").toString()).isEqualTo("[\"blue\",\"red\"]");
  }

  @Test
  void theLambdaResolverBuilds() {
    Cluster cluster = ClusterSamples.resolverAsLambda().build();
    assertThat(cluster.name()).isNotEmpty();
  }

  private static void write(SymmetricNode node, String rev, String tag) {
    Database profiles =
        node.store()
            .findDatabase("profiles")
            .orElseGet(() -> node.store().createDatabase("profiles"));
    ObjectNode doc = JSON.createObjectNode().put("_id", "ada").put("_rev", rev);
    doc.putArray("tags").add(tag);
    profiles.bulkDocs(List.of(doc), false);
  }

  private static Document merged(SymmetricNode node) {
    try {
      return node.store()
          .findDatabase("profiles")
          .map(db -> db.get("ada", GetOptions.defaults().withConflicts(true)))
          .filter(d -> d.body().path("tags").size() == 2)
          .orElse(null);
    } catch (NotFoundException e) {
      return null;
    }
  }
}
