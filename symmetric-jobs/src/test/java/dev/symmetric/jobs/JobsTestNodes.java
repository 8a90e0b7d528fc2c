package dev.symmetric.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.replication.cluster.Cluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Members for the multi-node tests: the short timings they share (gossip every 100 ms, a silent
 * member down after 1.5 s, 3 s leases), in-process nodes on in-memory storage, and the polling they
 * wait with.
 */
public final class JobsTestNodes implements AutoCloseable {
  public static final String SECRET = "cluster-secret-for-tests";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<SymmetricNode> nodes = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** A cluster component that gossips every 100 ms and calls a silent member down after 1.5 s. */
  public static Cluster cluster(List<URI> seeds) {
    return Cluster.builder()
        .seeds(seeds)
        .gossipIntervalMillis(100)
        .suspectAfterMillis(500)
        .downAfterMillis(1_500)
        .catchUpWaitMillis(5_000)
        .replication(r -> r.backoffMillis(50, 500).longpollMillis(2_000))
        .build();
  }

  /** Jobs over {@code cluster} with 3 s leases, 1 s claim phases and quick retries. */
  public static Jobs.Builder jobs(Cluster cluster, long standbyDelayMillis) {
    return Jobs.builder()
        .cluster(cluster)
        .leaseMillis(3_000)
        .requestTimeoutMillis(1_000)
        .standbyDelayMillis(standbyDelayMillis)
        .checkEveryMillis(50)
        .retryDelayMillis(200);
  }

  /** Starts an in-process member on a free port and in-memory storage. */
  public SymmetricNode start(String id, Cluster cluster, Jobs jobs) {
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId(id)
            .port(0)
            .clusterSecret(SECRET)
            .storage(StorageEngines.inMemory())
            .component(cluster)
            .component(jobs)
            .build()
            .start();
    nodes.add(node);
    return node;
  }

  public List<SymmetricNode> nodes() {
    return nodes;
  }

  /** Stops a member; it leaves the cluster. */
  public void stop(SymmetricNode node) {
    node.close();
    nodes.remove(node);
  }

  /**
   * Waits until every member lists {@code n} members and its acceptor has synced in that member
   * set: the point after which the next membership change is safe (docs/jobs.md).
   */
  public void awaitMembers(int n) {
    await(
        "every node sees " + n + " members and has synced",
        Duration.ofSeconds(15),
        () ->
            nodes.stream()
                .allMatch(
                    x ->
                        get(x, "/_cluster").path("members").size() == n
                            && get(x, "/_node/jobs").path("acceptor").path("synced").asBoolean()));
  }

  /** The JSON a member answers {@code GET path} with (as a peer: with the secret). */
  public JsonNode get(SymmetricNode node, String path) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(node.baseUri() + path))
                  .header("X-Symmetric-Secret", SECRET)
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code condition} every 20 ms until it holds; nothing signals these conditions. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  @Override
  public void close() {
    nodes.forEach(SymmetricNode::close);
    nodes.clear();
  }
}
