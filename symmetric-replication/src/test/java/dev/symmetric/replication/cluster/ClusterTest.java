package dev.symmetric.replication.cluster;

import static dev.symmetric.replication.cluster.ClusterHarness.await;
import static dev.symmetric.replication.cluster.ClusterHarness.digest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.http.SymmetricNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private ClusterHarness harness;

  @BeforeEach
  void setUp() {
    harness = new ClusterHarness();
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private List<SymmetricNode> threeNodes() {
    SymmetricNode a = harness.start("a", List.of());
    SymmetricNode b = harness.start("b", List.of(a.baseUri()));
    SymmetricNode c = harness.start("c", List.of(a.baseUri()));
    List<SymmetricNode> all = List.of(a, b, c);
    awaitAllSee(all, List.of("a", "b", "c"), "alive");
    return all;
  }

  private void awaitAllSee(List<SymmetricNode> observers, List<String> ids, String state) {
    for (SymmetricNode n : observers) {
      await(
          n.nodeId() + " sees " + ids + " " + state,
          WAIT,
          () -> {
            Map<String, String> states = harness.memberStates(n);
            return ids.stream()
                .allMatch(id -> id.equals(n.nodeId()) || state.equals(states.get(id)));
          });
    }
  }

  private static void awaitConverged(List<SymmetricNode> nodes, String db) {
    await(
        "nodes converge on " + db,
        WAIT,
        () -> {
          Map<String, String> first = digest(nodes.get(0), db);
          return nodes.stream().allMatch(n -> digest(n, db).equals(first));
        });
  }

  private static ObjectNode doc(String id, String field, Object value) {
    ObjectNode d = ClusterHarness.JSON.createObjectNode().put("_id", id);
    d.putPOJO(field, value);
    return ClusterHarness.JSON.valueToTree(d);
  }

  @Test
  void membersFindEachOtherThroughOneSeedAndEveryDatabaseAndWriteReachesAll() {
    List<SymmetricNode> all = threeNodes();
    SymmetricNode a = all.get(0);
    SymmetricNode b = all.get(1);
    SymmetricNode c = all.get(2);

    b.store().createDatabase("orders");
    for (SymmetricNode n : all) {
      await(n.nodeId() + " has orders", WAIT, () -> n.store().findDatabase("orders").isPresent());
    }
    for (SymmetricNode n : all) {
      Database db = n.store().database("orders");
      for (int i = 0; i < 30; i++) {
        db.put(doc(n.nodeId() + "-" + i, "n", i));
      }
      try {
        // The same id written on every node: whoever has not seen another's yet makes a conflict.
        db.put(doc("shared", "writer", n.nodeId()));
      } catch (ConflictException alreadyReplicated) {
        // Another node's version arrived first; the digest check covers either outcome.
      }
    }
    awaitConverged(all, "orders");
    assertThat(digest(a, "orders")).hasSize(91);
    assertThat(b.store().database("orders").get("shared").rev())
        .isEqualTo(c.store().database("orders").get("shared").rev());

    // The pull of a database created moments ago starts with the next mesh round.
    await(
        "a pulls orders from b and c",
        WAIT,
        () -> {
          List<String> pulls = new ArrayList<>();
          for (JsonNode r : harness.get(a, "/_node/replication").body().path("replications")) {
            pulls.add(r.path("peer").asText() + "/" + r.path("database").asText());
          }
          return pulls.containsAll(List.of("b/orders", "c/orders"));
        });
    await(
        "a reports no lag",
        WAIT,
        () -> {
          for (JsonNode r : harness.get(a, "/_node/replication").body().path("replications")) {
            if (r.path("lag_seqs").asLong(-1) != 0) {
              return false;
            }
          }
          return true;
        });
    assertThat(
            harness.get(a, "/_node").body().path("cluster").path("catch_up").path("phase").asText())
        .isEqualTo("ready");
  }

  @Test
  void gossipNeedsTheClusterSecret() {
    SymmetricNode a = harness.start("a", List.of());
    String body = "{\"from\":\"x\",\"members\":[]}";
    assertThat(harness.post(a, "/_cluster/gossip", body, null).status()).isEqualTo(401);
    assertThat(harness.post(a, "/_cluster/gossip", body, "wrong-secret-0123456789").status())
        .isEqualTo(401);
    ClusterHarness.Reply ok = harness.post(a, "/_cluster/gossip", body, ClusterHarness.SECRET);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().path("members").get(0).path("id").asText()).isEqualTo("a");
  }

  @Test
  void aStoppedMemberIsSuspectedThenDownThenRejoinsOnTheSamePortAndConverges(@TempDir Path dir)
      throws InterruptedException {
    SymmetricNode a = harness.start("a", List.of());
    SymmetricNode b = harness.start("b", List.of(a.baseUri()));
    int port = ClusterHarness.freePort();
    SymmetricNode c =
        harness.start("c", port, dir, ClusterHarness.fastCluster(List.of(a.baseUri())));
    awaitAllSee(List.of(a, b, c), List.of("a", "b", "c"), "alive");
    a.store().createDatabase("log");
    await("c has log", WAIT, () -> c.store().findDatabase("log").isPresent());
    c.store().database("log").put(doc("from-c", "v", 1));
    awaitConverged(List.of(a, b, c), "log");
    await("a pulls log from c", WAIT, () -> pullsFrom(a, "c"));

    // Closing c waits for the long polls it serves, which can outlast the suspect window, so
    // record a's view of c from before the close on.
    List<String> seenByA = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean watching =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread watcher =
        new Thread(
            () -> {
              while (watching.get()) {
                String s = harness.memberStates(a).get("c");
                if (seenByA.isEmpty() || !seenByA.get(seenByA.size() - 1).equals(s)) {
                  seenByA.add(s);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
              }
            });
    watcher.start();
    c.close();
    awaitAllSee(List.of(a, b), List.of("c"), "down");
    watching.set(false);
    watcher.join();
    assertThat(seenByA).containsSubsequence("alive", "suspect", "down");
    await("a stops pulling from c", WAIT, () -> !pullsFrom(a, "c"));
    await("b stops pulling from c", WAIT, () -> !pullsFrom(b, "c"));
    a.store().database("log").put(doc("while-c-was-down", "v", 2));

    SymmetricNode c2 =
        harness.start("c", port, dir, ClusterHarness.fastCluster(List.of(a.baseUri())));
    awaitAllSee(List.of(a, b, c2), List.of("a", "b", "c"), "alive");
    await("a pulls from c again", WAIT, () -> pullsFrom(a, "c"));
    c2.store().database("log").put(doc("after-return", "v", 3));
    awaitConverged(List.of(a, b, c2), "log");
    assertThat(digest(b, "log")).containsKeys("from-c", "while-c-was-down", "after-return");
  }

  private boolean pullsFrom(SymmetricNode node, String peer) {
    for (JsonNode r : harness.get(node, "/_node/replication").body().path("replications")) {
      if (r.path("peer").asText().equals(peer)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void anEmptyNodeReportsCatchingUpUntilItHasWhatItsPeersHad() {
    SymmetricNode a = harness.start("a", List.of());
    SymmetricNode b = harness.start("b", List.of(a.baseUri()));
    awaitAllSee(List.of(a, b), List.of("a", "b"), "alive");
    Database big = a.store().createDatabase("big");
    List<ObjectNode> batch = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      batch.add(doc(String.format("doc-%05d", i), "payload", "x".repeat(200)));
      if (batch.size() == 500) {
        big.bulkDocs(batch, true);
        batch.clear();
      }
    }
    b.store().createDatabase("small").put(doc("s", "v", 1));
    awaitConverged(List.of(a, b), "big");

    SymmetricNode d = harness.start("d", List.of(b.baseUri()));
    ClusterHarness.Reply first = harness.get(d, "/_up");
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.body().path("status").asText()).isEqualTo("catching_up");
    await("d is ready", WAIT, () -> harness.get(d, "/_up").status() == 200);
    // Ready means caught up: everything the peers had when d joined is there already.
    assertThat(d.store().database("big").info().docCount()).isEqualTo(2_000);
    assertThat(d.store().database("small").info().docCount()).isEqualTo(1);
    assertThat(
            harness.get(d, "/_node").body().path("cluster").path("catch_up").path("phase").asText())
        .isEqualTo("ready");
  }

  @Test
  void anOperatorRemovesADeadMemberEverywhereAndGossipDoesNotBringItBack() {
    List<SymmetricNode> all = threeNodes();
    SymmetricNode a = all.get(0);
    SymmetricNode b = all.get(1);
    SymmetricNode c = all.get(2);
    c.close();
    awaitAllSee(List.of(a, b), List.of("c"), "down");

    assertThat(harness.delete(a, "/_cluster/members/c", false).status()).isEqualTo(401);
    assertThat(harness.delete(a, "/_cluster/members/a", true).status()).isEqualTo(400);
    assertThat(harness.delete(a, "/_cluster/members/nobody", true).status()).isEqualTo(404);
    assertThat(harness.delete(a, "/_cluster/members/c", true).status()).isEqualTo(200);
    awaitAllSee(List.of(a, b), List.of("c"), "removed");
    // Gossip keeps flowing for a while; the tombstone must hold against b's older copy of c.
    long heartbeat = heartbeatOf(b, "a");
    await("a few gossip rounds pass", WAIT, () -> heartbeatOf(b, "a") >= heartbeat + 10);
    assertThat(harness.memberStates(a)).containsEntry("c", "removed");
    assertThat(harness.memberStates(b)).containsEntry("c", "removed");
  }

  private long heartbeatOf(SymmetricNode observer, String id) {
    for (JsonNode m : harness.get(observer, "/_cluster").body().path("members")) {
      if (m.path("id").asText().equals(id)) {
        return m.path("heartbeat").asLong();
      }
    }
    return -1;
  }

  @Test
  void theResolverMergesAConflictAndEveryNodeEndsWithTheSameMergedBody() {
    ConflictResolver unionOfTags =
        (winner, losers) -> {
          TreeSet<String> tags = new TreeSet<>();
          List<Document> all = new ArrayList<>(losers);
          all.add(winner);
          for (Document d : all) {
            d.body().path("tags").forEach(t -> tags.add(t.asText()));
          }
          ObjectNode merged = ClusterHarness.JSON.createObjectNode();
          ArrayNode arr = merged.putArray("tags");
          tags.forEach(arr::add);
          return merged;
        };
    List<SymmetricNode> all = new ArrayList<>();
    SymmetricNode a = startWithResolver("a", List.of(), unionOfTags);
    all.add(a);
    all.add(startWithResolver("b", List.of(a.baseUri()), unionOfTags));
    all.add(startWithResolver("c", List.of(a.baseUri()), unionOfTags));
    awaitAllSee(all, List.of("a", "b", "c"), "alive");
    SymmetricNode b = all.get(1);
    a.store().createDatabase("profiles").put(doc("p1", "tags", List.of("base")));
    awaitConverged(all, "profiles");
    String base = a.store().database("profiles").get("p1").rev().toString();

    // Two concurrent edits of the same revision, on two nodes.
    ObjectNode onA = doc("p1", "tags", List.of("base", "from-a"));
    onA.put("_rev", base);
    ObjectNode onB = doc("p1", "tags", List.of("base", "from-b"));
    onB.put("_rev", base);
    assertThat(a.store().database("profiles").bulkDocs(List.of(onA), true).get(0).isOk()).isTrue();
    assertThat(b.store().database("profiles").bulkDocs(List.of(onB), true).get(0).isOk()).isTrue();

    // On the way, a node may briefly see a loser's tombstone before the merged revision.
    await(
        "every node has the merged body and no conflicts",
        WAIT,
        () -> all.stream().allMatch(n -> mergedWithoutConflicts(n.store().database("profiles"))));
    awaitConverged(all, "profiles");
    Cluster cluster = clusterOf(a);
    assertThat(cluster.conflicts("profiles", 10)).isEmpty();
    assertThat(harness.get(b, "/_node/conflicts/profiles").body().path("docs").size()).isZero();
    // Usually 3: one merge on top of the conflict, identical wherever it ran (revision ids are
    // content hashes). A node that received the merge before the loser's tombstone sees a
    // conflict once more and merges one generation up; the assertions above proved that converged.
    assertThat(a.store().database("profiles").get("p1").rev().generation()).isBetween(3, 4);
  }

  private static boolean mergedWithoutConflicts(Database db) {
    Document d;
    try {
      d = db.get("p1", GetOptions.defaults().withConflicts(true));
    } catch (NotFoundException e) {
      return false;
    }
    return d.conflicts().isEmpty()
        && d.body().path("tags").toString().equals("[\"base\",\"from-a\",\"from-b\"]");
  }

  private final Map<String, Cluster> clusters = new java.util.HashMap<>();

  private SymmetricNode startWithResolver(String id, List<URI> seeds, ConflictResolver r) {
    Cluster cluster = ClusterHarness.fastCluster(seeds).conflictResolver("profiles", r).build();
    clusters.put(id, cluster);
    return harness.start(id, 0, null, cluster, x -> {});
  }

  private Cluster clusterOf(SymmetricNode node) {
    return clusters.get(node.nodeId());
  }
}
