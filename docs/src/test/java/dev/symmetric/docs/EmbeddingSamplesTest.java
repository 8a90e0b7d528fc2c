package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.http.SymmetricNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingSamplesTest {
  @TempDir Path dir;

  @Test
  void aDrainEndsTheServicesMain() throws Exception {
    CompletableFuture<SymmetricNode> started = new CompletableFuture<>();
    CompletableFuture<Void> main =
        CompletableFuture.runAsync(
            () -> {
              try {
                EmbeddingSamples.serviceMain(dir, 0, started::complete);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    SymmetricNode node = started.get(60, TimeUnit.SECONDS);
    assertThat(Http.send("GET", node.baseUri().resolve("/_up"), null).status()).isEqualTo(200);
    Http.Reply drain = Http.send("POST", node.baseUri().resolve("/_node/drain"), null);
    assertThat(drain.status()).isEqualTo(202);
    main.get(60, TimeUnit.SECONDS); // awaitStop returned
    assertThat(main).isDone();
  }

  @Test
  void theApplicationsMapperRendersItsRoutes() {
    try (SymmetricNode node = EmbeddingSamples.ownMapper(dir, 0)) {
      assertThat(Http.send("GET", node.baseUri().resolve("/api/view"), null).body().strip())
          .isEqualTo("{\"order_id\":\"o1\",\"item_count\":3}");
    }
  }

  @Test
  void aNodeOnEveryInterfaceNeedsCredentialsForWrites() {
    String secret = "docs-cluster-secret-0123";
    try (SymmetricNode node =
        EmbeddingSamples.publicNode(
            dir, 0, "pw", secret, URI.create("http://127.0.0.1:1"), List.of())) {
      URI db = node.databaseUri("orders");
      Http.Reply anonymous = Http.send("PUT", db, null);
      assertThat(anonymous.status()).isEqualTo(401);
      Http.Reply admin = Http.send("PUT", db, null, "Authorization", Http.basic("ops", "pw"));
      assertThat(admin.status()).isEqualTo(201);
      assertThat(admin.raw().headers().firstValue("X-App")).contains("orders");
      assertThat(
              Http.send("PUT", db.resolve("orders/o1"), "{}", "X-Symmetric-Secret", secret)
                  .status())
          .isEqualTo(201);
    }
  }

  @Test
  void aComponentServesTheStoreThroughItsRoutes() {
    try (SymmetricNode node = EmbeddingSamples.withComponent(dir, 0)) {
      node.store().database("orders").put("o1", new ObjectMapper().createObjectNode().put("a", 1));
      Http.Reply reply = Http.send("GET", node.baseUri().resolve("/orders/o1"), null);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("a").asInt()).isEqualTo(1);
      assertThat(
              Http.send("GET", node.baseUri().resolve("/_node"), null)
                  .json()
                  .get("components")
                  .toString())
          .isEqualTo("[\"orders\"]");
    }
  }
}
