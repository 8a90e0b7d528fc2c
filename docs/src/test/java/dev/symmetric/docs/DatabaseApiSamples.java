package dev.symmetric.docs;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.DatabaseApi;
import dev.symmetric.http.HttpServer;
import dev.symmetric.http.SymmetricNode;
import java.nio.file.Path;

/** The samples of database-api.md; {@link DatabaseApiSamplesTest} runs them. */
final class DatabaseApiSamples {
  private DatabaseApiSamples() {}

  static SymmetricNode node(Path dataDir, int port) {
    // tag::db-api-node[]
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId("box-1")
            .port(port) // e.g. 8080: http://127.0.0.1:8080/db/...
            .dataDir(dataDir)
            .build()
            .start();
    // end::db-api-node[]
    return node;
  }

  static HttpServer ownServer(DocumentStore store, int port) {
    // tag::db-api-own-server[]
    DatabaseApi api = DatabaseApi.builder(store).build(); // close it after the server
    HttpServer server = HttpServer.builder().port(port).service("/db", api).build().start();
    // end::db-api-own-server[]
    return server;
  }
}
