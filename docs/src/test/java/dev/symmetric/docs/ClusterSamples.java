package dev.symmetric.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Document;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.replication.cluster.Cluster;
import dev.symmetric.replication.cluster.ConflictResolver;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** The samples of cluster.md and consistency.md; {@link ClusterSamplesTest} runs them. */
final class ClusterSamples {
  private ClusterSamples() {}

  // tag::profile-merger[]
  /** Merges profiles by the union of their tags: the same inputs give the same body anywhere. */
  static final class ProfileMerger implements ConflictResolver {
    @Override
    public ObjectNode resolve(Document winner, List<Document> losers) {
      TreeSet<String> tags = new TreeSet<>(); // sorted, so the merged body is deterministic
      addTags(winner.body(), tags);
      losers.forEach(loser -> addTags(loser.body(), tags));
      ObjectNode merged = winner.body();
      ArrayNode list = merged.putArray("tags");
      tags.forEach(list::add);
      return merged; // written on top of the winner; the losers are deleted
    }

    private static void addTags(ObjectNode body, TreeSet<String> tags) {
      for (JsonNode tag : body.path("tags")) {
        tags.add(tag.asText());
      }
    }
  }

  // end::profile-merger[]

  static SymmetricNode clusterNode(
      String nodeId, Path dataDir, int port, String secret, List<URI> seeds) {
    // tag::cluster-node[]
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId(nodeId) // e.g. "box-2"
            .port(port)
            .dataDir(dataDir)
            .clusterSecret(secret) // 16+ characters, the same on all
            .component(
                Cluster.builder()
                    .seeds(seeds) // any one live member, e.g. http://box-1:8080
                    .localOnly("scratch")
                    .conflictResolver("profiles", new ProfileMerger())
                    .build())
            .build()
            .start();
    // end::cluster-node[]
    return node;
  }

  static Cluster.Builder resolverAsLambda() {
    // tag::resolver-lambda[]
    Cluster.Builder cluster =
        Cluster.builder()
            .conflictResolver(
                "profiles",
                (winner, losers) -> {
                  ObjectNode merged = winner.body();
                  for (Document loser : losers) {
                    // fold loser.body() into merged, deterministically
                    loser
                        .body()
                        .fields()
                        .forEachRemaining(f -> merged.putIfAbsent(f.getKey(), f.getValue()));
                  }
                  return merged; // null leaves the document in conflict
                });
    // end::resolver-lambda[]
    return cluster;
  }
}
