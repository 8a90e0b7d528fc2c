package dev.symmetric.benchmarks.load;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.replication.Endpoints;
import dev.symmetric.replication.PeerClient;
import dev.symmetric.replication.Replication;
import dev.symmetric.replication.ReplicationStatus;
import java.net.URI;
import java.nio.file.Path;

/**
 * Initial sync with our replicator, pulling: a one-shot replication from a remote database (a node
 * over HTTP) into a database of an empty store in this process, as a node's cluster pull does. The
 * store is durable as a node ships it ({@code SYNC}). Prints documents per second.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.symmetric.benchmarks.load.InitialSync \
 *     --source http://127.0.0.1:5990/db/bench --data /tmp/empty-dir [--batch 500] [--secret S]
 * }</pre>
 */
public final class InitialSync {
  private InitialSync() {}

  public static void main(String[] args) {
    Flags flags = Flags.parse(args);
    URI source = Http.db(flags.required("source"));
    String secret = flags.get("secret", "");
    PeerClient.Builder pb = PeerClient.builder();
    if (!secret.isEmpty()) {
      pb.clusterSecret(secret);
    }
    try (DocumentStore store =
            DocumentStore.builder().dataDir(Path.of(flags.required("data"))).build();
        PeerClient client = pb.build()) {
      Database target = store.createDatabase(flags.get("target-db", "bench"));
      long start = System.nanoTime();
      ReplicationStatus status =
          Replication.builder(
                  Endpoints.remote(source, client), Endpoints.local(target, store.uuid()))
              .replicatorId(store.uuid())
              .batchDocsMax(flags.intValue("batch", 500))
              .build()
              .start()
              .completion()
              .join();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "pulled %s: state %s, %d docs written in %.2f s, %.0f docs/s%n",
          source, status.state(), status.docsWritten(), seconds, status.docsWritten() / seconds);
    }
  }
}
