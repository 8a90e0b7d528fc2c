package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.http.HttpServer;
import dev.symmetric.http.SymmetricNode;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseApiSamplesTest {
  @TempDir Path dir;

  @Test
  void theNodeServesTheDatabaseApiUnderDb() {
    try (SymmetricNode node = DatabaseApiSamples.node(dir, 0)) {
      assertThat(Http.send("PUT", node.databaseUri("orders"), null).status()).isEqualTo(201);
      assertThat(Http.send("PUT", node.databaseUri("orders/o1"), "{\"a\":1}").status())
          .isEqualTo(201);
      assertThat(Http.send("GET", node.databaseUri("orders"), null).json().get("doc_count").asInt())
          .isEqualTo(1);
    }
  }

  @Test
  void theApiMountsInAServerOfYourOwn() {
    try (DocumentStore store = DocumentStore.builder().storage(StorageEngines.inMemory()).build();
        HttpServer server = DatabaseApiSamples.ownServer(store, 0)) {
      URI db = URI.create("http://127.0.0.1:" + server.port() + "/db/");
      assertThat(Http.send("GET", db, null).json().get("couchdb").asText()).isEqualTo("Welcome");
      assertThat(Http.send("PUT", db.resolve("orders"), null).status()).isEqualTo(201);
      assertThat(store.databaseNames()).containsExactly("orders");
    }
  }
}
