package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.SymmetricNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicationSamplesTest {
  private static final String SECRET = "docs-cluster-secret-0123";
  @TempDir Path dir;

  @Test
  void pushesToANodeAndPullsItsWritesBack() {
    Path local = dir.resolve("local");
    try (DocumentStore store = DocumentStore.builder().dataDir(local).build()) {
      store.createDatabase("orders").put("mine", new ObjectMapper().createObjectNode().put("v", 1));
    }
    try (SymmetricNode node =
        SymmetricNode.builder()
            .nodeId("remote")
            .port(0)
            .dataDir(dir.resolve("remote"))
            .clusterSecret(SECRET)
            .build()
            .start()) {
      Http.Reply put =
          Http.send(
              "PUT",
              node.databaseUri("orders"),
              null,
              "X-Symmetric-Secret",
              SECRET); // created first so the node's write below has a database
      assertThat(put.status()).isEqualTo(201);
      node.store().database("orders").put("theirs", new ObjectMapper().createObjectNode());

      ReplicationSamples.pushThenPull(
          local,
          node.databaseUri("orders"),
          SECRET,
          orders ->
              Await.until("the pull", Duration.ofSeconds(60), () -> orders.info().docCount() == 2));

      try (DocumentStore store = DocumentStore.builder().dataDir(local).build()) {
        assertThat(store.database("orders").get("theirs").rev().generation()).isEqualTo(1);
      }
      assertThat(node.store().database("orders").get("mine").body().get("v").asInt()).isEqualTo(1);
    }
  }
}
