package dev.symmetric.docs;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.replication.Endpoints;
import dev.symmetric.replication.PeerClient;
import dev.symmetric.replication.Replication;
import dev.symmetric.replication.ReplicationStatus;
import dev.symmetric.replication.spi.Endpoint;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The samples of replication.md; {@link ReplicationSamplesTest} runs them. */
final class ReplicationSamples {
  private ReplicationSamples() {}

  /** Pushes the local orders to a node, then pulls continuously while the application runs. */
  static void pushThenPull(
      Path dataDir, URI nodeOrders, String secret, Consumer<Database> application) {
    // tag::replication-java[]
    try (DocumentStore store = DocumentStore.builder().dataDir(dataDir).build();
        PeerClient http = PeerClient.builder().clusterSecret(secret).build()) {
      Database orders = store.database("orders");
      Endpoint local = Endpoints.local(orders, store.uuid());
      Endpoint remote = Endpoints.remote(nodeOrders, http); // e.g. http://10.0.0.2:8080/db/orders

      // One-shot push: completes when the target has everything the source had at the start.
      ReplicationStatus pushed =
          Replication.builder(local, remote)
              .replicatorId(store.uuid())
              .createTarget(true)
              .build()
              .start()
              .completion()
              .join();

      // Continuous pull: runs until stopped, waiting for changes when caught up.
      Replication pull =
          Replication.builder(remote, local)
              .replicatorId(store.uuid())
              .continuous(true)
              .build()
              .start();
      application.accept(orders); // the service runs; the pull keeps orders current
      pull.stop(); // checkpoints, then stops
    }
    // end::replication-java[]
  }
}
