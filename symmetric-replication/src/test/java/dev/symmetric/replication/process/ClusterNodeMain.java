package dev.symmetric.replication.process;

import dev.symmetric.http.SymmetricNode;
import dev.symmetric.replication.cluster.Cluster;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One cluster member in a process of its own, for tests that kill and restart real JVMs: {@code
 * ClusterNodeMain <node-id> <port> <data-dir> <secret> [seed-url,...]}. The node keeps its data in
 * RocksDB under the data directory, gossips every 100 ms and declares a silent member down after
 * 1.5 s. Prints {@code READY <base-url>} once it serves; runs until killed or SIGTERM.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: ClusterNodeMain <node-id> <port> <data-dir> <secret> [seeds]");
      System.exit(2);
    }
    List<URI> seeds = new ArrayList<>();
    if (args.length > 4 && !args[4].isBlank()) {
      for (String s : args[4].split(",")) {
        seeds.add(URI.create(s));
      }
    }
    Cluster cluster =
        Cluster.builder()
            .seeds(seeds)
            .gossipIntervalMillis(100)
            .suspectAfterMillis(500)
            .downAfterMillis(1_500)
            .catchUpWaitMillis(5_000)
            .requestTimeoutMillis(2_000)
            .replication(r -> r.backoffMillis(50, 1_000).longpollMillis(2_000))
            .build();
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId(args[0])
            .host("127.0.0.1")
            .port(Integer.parseInt(args[1]))
            .dataDir(Path.of(args[2]))
            .clusterSecret(args[3])
            .component(cluster)
            .build()
            .start();
    node.drainOnJvmShutdown();
    System.out.println("READY " + node.baseUri());
    System.out.flush();
    node.awaitStop();
  }
}
