package dev.symmetric.replication.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.Database;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.http.SymmetricNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Starts in-process cluster members on loopback and reads their state over HTTP. */
final class ClusterHarness implements AutoCloseable {
  static final String SECRET = "cluster-secret-for-tests";
  static final String ADMIN = "root";
  static final String PASSWORD = "admin-password";
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<SymmetricNode> nodes = new ArrayList<>();

  /** Settings short enough for a test: gossip 100 ms, suspect 500 ms, down 1500 ms. */
  static Cluster.Builder fastCluster(List<URI> seeds) {
    return Cluster.builder()
        .seeds(seeds)
        .gossipIntervalMillis(100)
        .suspectAfterMillis(500)
        .downAfterMillis(1_500)
        .catchUpWaitMillis(5_000)
        .requestTimeoutMillis(2_000)
        .replication(r -> r.backoffMillis(50, 500).longpollMillis(2_000));
  }

  SymmetricNode start(String id, List<URI> seeds) {
    return start(id, 0, null, fastCluster(seeds));
  }

  SymmetricNode start(String id, int port, Path dataDir, Cluster.Builder cluster) {
    return start(id, port, dataDir, cluster.build(), b -> {});
  }

  SymmetricNode start(
      String id, int port, Path dataDir, Cluster cluster, Consumer<SymmetricNode.Builder> more) {
    SymmetricNode.Builder b =
        SymmetricNode.builder()
            .nodeId(id)
            .port(port)
            .clusterSecret(SECRET)
            .admin(ADMIN, PASSWORD)
            .component(cluster);
    if (dataDir != null) {
      b.dataDir(dataDir);
    } else {
      b.storage(StorageEngines.inMemory());
    }
    more.accept(b);
    SymmetricNode node = b.build().start();
    nodes.add(node);
    return node;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits, polling every 20 ms, until {@code condition} holds; fails after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  record Reply(int status, JsonNode body) {}

  Reply get(SymmetricNode node, String path) {
    return send(HttpRequest.newBuilder(URI.create(node.baseUri() + path)).GET());
  }

  Reply delete(SymmetricNode node, String path, boolean asAdmin) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUri() + path)).DELETE();
    if (asAdmin) {
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    return send(b);
  }

  Reply post(SymmetricNode node, String path, String json, String secret) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(node.baseUri() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (secret != null) {
      b.header("X-Symmetric-Secret", secret);
    }
    return send(b);
  }

  private Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
      return new Reply(r.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Each member's state as {@code node} sees it, from {@code GET /_cluster}. */
  Map<String, String> memberStates(SymmetricNode node) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode m : get(node, "/_cluster").body().path("members")) {
      out.put(m.path("id").asText(), m.path("state").asText());
    }
    return out;
  }

  /** Ids, every leaf with its deletion flag, and the winner of every document. */
  static Map<String, String> digest(SymmetricNode node, String db) {
    Database d = node.store().findDatabase(db).orElse(null);
    if (d == null) {
      return Map.of("missing", "database");
    }
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> winners = new TreeMap<>();
    for (Change c : d.changes(ChangesRequest.since(0)).results()) {
      winners.put(c.id(), c.revs().get(0) + (c.deleted() ? "(deleted)" : ""));
    }
    winners.forEach(
        (id, winner) -> {
          List<String> leaves = new ArrayList<>();
          for (OpenRevResult r : d.openRevs(id, null, false, false)) {
            leaves.add(r.doc().rev() + (r.doc().deleted() ? "(deleted)" : ""));
          }
          leaves.sort(null);
          out.put(id, winner + " " + leaves);
        });
    return out;
  }

  List<SymmetricNode> nodes() {
    return nodes;
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }
}
