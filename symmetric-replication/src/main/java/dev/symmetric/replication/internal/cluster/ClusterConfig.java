package dev.symmetric.replication.internal.cluster;

import dev.symmetric.replication.Replication;
import dev.symmetric.replication.cluster.ConflictResolver;
import dev.symmetric.replication.spi.Scheduler;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A cluster member's settings, checked by {@code Cluster.Builder}.
 *
 * @param seeds seed URLs, or {@code null} to use the node's peers
 * @param secret the cluster secret, or {@code null} to use the node's
 * @param advertiseUrl the URL to announce, or {@code null} for the node's base URL
 */
public record ClusterConfig(
    List<URI> seeds,
    String secret,
    URI advertiseUrl,
    Set<String> localOnlyNames,
    List<String> localOnlyPrefixes,
    Map<String, ConflictResolver> resolvers,
    long gossipIntervalMillis,
    long suspectAfterMillis,
    long downAfterMillis,
    long tombstoneMillis,
    long catchUpWaitMillis,
    long requestTimeoutMillis,
    int pullPeersMax,
    Scheduler scheduler,
    Random random,
    LongSupplier wallClockMillis,
    Consumer<Replication.Builder> replicationTuning) {

  /** Whether {@code db} stays on this node. */
  public boolean localOnly(String db) {
    if (localOnlyNames.contains(db)) {
      return true;
    }
    for (String p : localOnlyPrefixes) {
      if (db.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
