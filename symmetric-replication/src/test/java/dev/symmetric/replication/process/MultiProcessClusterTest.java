package dev.symmetric.replication.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cluster members, each a JVM of its own on loopback with RocksDB: writes on all three
 * (creates, updates, deletes, the same ids edited on different nodes so they conflict), SIGKILL of
 * one while it is being written to, more writes on the other two, a restart on the same port and
 * data directory, and then every database must read the same on all three, with every write that
 * any node acknowledged present on every node.
 */
class MultiProcessClusterTest {
  private static final String SECRET = "process-test-cluster-secret";
  private static final List<String> DBS = List.of("alpha", "beta", "gamma");
  private static final List<String> IDS = List.of("a", "b", "c");
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration JOIN = Duration.ofSeconds(30);
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final int SHARED_DOCS = 6;

  @TempDir Path dir;

  private final CouchHttp http = new CouchHttp(SECRET);
  private final List<NodeProcess> nodes = new ArrayList<>();

  /** Every acknowledged write: database -> id -> revisions. */
  private final Map<String, Map<String, Set<String>>> acked = new ConcurrentHashMap<>();

  private final AtomicInteger writes = new AtomicInteger();
  private final Map<String, Long> timings = new LinkedHashMap<>();
  private long t0;

  @AfterEach
  void stopAll() {
    nodes.forEach(NodeProcess::stop);
  }

  @Test
  void threeJvmsConvergeAfterOneIsKilledWhileWrittenToAndRestarted() throws Exception {
    t0 = System.nanoTime();
    List<Integer> ports = FreePorts.pick(3);
    for (int i = 0; i < 3; i++) {
      List<String> seeds = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        if (j != i) {
          seeds.add("http://127.0.0.1:" + ports.get(j));
        }
      }
      nodes.add(new NodeProcess(IDS.get(i), ports.get(i), dir, SECRET, seeds));
    }
    NodeProcess a = nodes.get(0);
    NodeProcess b = nodes.get(1);
    NodeProcess c = nodes.get(2);
    nodes.forEach(NodeProcess::start);
    nodes.forEach(n -> n.awaitReady(START));
    mark("three JVMs ready");
    for (NodeProcess n : nodes) {
      awaitMembers(n, "alive");
    }
    mark("members alive");
    for (NodeProcess n : nodes) {
      for (String db : DBS) {
        int s = http.put(n.baseUrl() + "/db/" + db, CouchHttp.JSON.createObjectNode()).status();
        assertThat(s).as("create %s on %s", db, n.id).isIn(201, 202, 412);
      }
    }

    ExecutorService writers = Executors.newFixedThreadPool(3);
    try {
      // Phase 1: every node written to at once; the shared ids first, so they conflict.
      List<Future<?>> phase1 = new ArrayList<>();
      for (NodeProcess n : nodes) {
        phase1.add(writers.submit(() -> writeRound(n, "p1", 16, Integer.MAX_VALUE)));
      }
      for (Future<?> f : phase1) {
        f.get(120, TimeUnit.SECONDS);
      }
      mark("phase 1 written (" + writes.get() + " writes)");

      // Phase 2: c is killed while a writer is busy on it; a and b go on.
      AtomicInteger onC = new AtomicInteger();
      Future<?> cWriter = writers.submit(() -> writeUntilGone(c, onC));
      Future<?> aWriter = writers.submit(() -> writeRound(a, "p2", 12, Integer.MAX_VALUE));
      await(
          "writes acknowledged by c before the kill",
          Duration.ofSeconds(60),
          () -> onC.get() >= 20);
      int exit = c.kill();
      mark("c killed after " + onC.get() + " writes in phase 2");
      assertThat(exit).as("exit status of a SIGKILLed JVM").isEqualTo(137);
      assertThat(c.isAlive()).isFalse();
      cWriter.get(60, TimeUnit.SECONDS);
      Future<?> bWriter = writers.submit(() -> writeRound(b, "p2", 12, Integer.MAX_VALUE));
      aWriter.get(120, TimeUnit.SECONDS);
      bWriter.get(120, TimeUnit.SECONDS);
      mark("phase 2 written on a and b");
      for (NodeProcess n : List.of(a, b)) {
        awaitMemberState(n, "c", "down");
      }
      mark("a and b see c down");

      c.start();
      c.awaitReady(START);
      mark("c restarted on port " + c.port);
      awaitMembers(c, "alive");

      // Phase 3: a little on every node again, c included.
      List<Future<?>> phase3 = new ArrayList<>();
      for (NodeProcess n : nodes) {
        phase3.add(writers.submit(() -> writeRound(n, "p3", 4, Integer.MAX_VALUE)));
      }
      for (Future<?> f : phase3) {
        f.get(120, TimeUnit.SECONDS);
      }
      mark("phase 3 written (" + writes.get() + " writes in all)");
    } finally {
      writers.shutdownNow();
    }

    awaitConverged();
    mark("converged (cheap digest)");
    for (String db : DBS) {
      SortedMap<String, String> first = http.digest(a.baseUrl() + "/db/" + db, true);
      assertThat(first).as("documents in %s", db).isNotEmpty();
      for (NodeProcess n : List.of(b, c)) {
        assertThat(http.digest(n.baseUrl() + "/db/" + db, true))
            .as("%s on %s against a, full digest", db, n.id)
            .isEqualTo(first);
      }
      assertThat(first.values().stream().filter(d -> d.contains("leaves=[") && d.contains(", ")))
          .as("conflicted documents in %s", db)
          .isNotEmpty();
    }
    mark("full digests equal");
    for (NodeProcess n : nodes) {
      for (String db : DBS) {
        ObjectNode ask = CouchHttp.JSON.createObjectNode();
        acked
            .getOrDefault(db, Map.of())
            .forEach(
                (id, revs) -> {
                  ArrayNode arr = ask.putArray(id);
                  revs.forEach(arr::add);
                });
        CouchHttp.Reply r = http.post(n.baseUrl() + "/db/" + db + "/_revs_diff", ask);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().size())
            .as("acknowledged revisions of %s missing on %s: %s", db, n.id, r.body())
            .isZero();
      }
    }
    mark("every acknowledged revision on every node");
    System.out.println("MultiProcessClusterTest timings (ms since start): " + timings);
  }

  // ---- writing ----

  /**
   * On {@code n}, in every database: the shared ids (conflicting with other nodes), {@code count}
   * new documents in one bulk write, then updates of half of them and deletions of a quarter.
   */
  private void writeRound(NodeProcess n, String phase, int count, int limit) {
    try {
      for (String db : DBS) {
        String url = n.baseUrl() + "/db/" + db;
        for (int k = 0; k < SHARED_DOCS; k++) {
          upsert(url, db, "shared-" + k, n.id + "-" + phase);
        }
        if (phase.equals("p1")) {
          writeBranches(url, db, n.id);
        }
        ObjectNode bulk = CouchHttp.JSON.createObjectNode();
        ArrayNode docs = bulk.putArray("docs");
        for (int i = 0; i < count; i++) {
          docs.addObject().put("_id", n.id + "-" + phase + "-" + i).put("v", 0).put("by", n.id);
        }
        CouchHttp.Reply r = http.post(url + "/_bulk_docs", bulk);
        assertThat(r.status()).as("bulk write on %s", n.id).isIn(201, 202);
        Map<String, String> revs = new LinkedHashMap<>();
        for (JsonNode row : r.body()) {
          assertThat(row.has("error")).as("bulk row %s", row).isFalse();
          ack(db, row.get("id").asText(), row.get("rev").asText());
          revs.put(row.get("id").asText(), row.get("rev").asText());
        }
        int i = 0;
        for (Map.Entry<String, String> e : revs.entrySet()) {
          String docUrl = url + "/" + CouchHttp.encode(e.getKey());
          if (i % 4 == 0) {
            CouchHttp.Reply d = http.delete(docUrl + "?rev=" + e.getValue());
            assertThat(d.ok()).as("delete %s on %s: %s", e.getKey(), n.id, d.body()).isTrue();
            ack(db, e.getKey(), d.body().get("rev").asText());
          } else if (i % 2 == 1) {
            ObjectNode body = CouchHttp.JSON.createObjectNode().put("v", 1).put("by", n.id);
            body.put("_rev", e.getValue());
            CouchHttp.Reply u = http.put(docUrl, body);
            assertThat(u.ok()).as("update %s on %s: %s", e.getKey(), n.id, u.body()).isTrue();
            ack(db, e.getKey(), u.body().get("rev").asText());
          }
          i++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to " + n.id, e);
    }
  }

  /**
   * A branch of its own for each node on the same ids, as a replicator writes it: these documents
   * conflict however the other writes interleave with replication.
   */
  private void writeBranches(String url, String db, String nodeId) throws IOException {
    ObjectNode bulk = CouchHttp.JSON.createObjectNode().put("new_edits", false);
    ArrayNode docs = bulk.putArray("docs");
    String hash = nodeId.repeat(32); // node ids a, b, c are hex digits
    for (int k = 0; k < SHARED_DOCS; k++) {
      ObjectNode d = docs.addObject().put("_id", "forked-" + k).put("_rev", "2-" + hash);
      d.put("by", nodeId);
      ObjectNode revs = d.putObject("_revisions").put("start", 2);
      revs.putArray("ids").add(hash).add("0".repeat(32));
    }
    CouchHttp.Reply r = http.post(url + "/_bulk_docs", bulk);
    assertThat(r.status()).as("branches on %s: %s", nodeId, r.body()).isIn(201, 202);
    for (int k = 0; k < SHARED_DOCS; k++) {
      ack(db, "forked-" + k, "2-" + hash);
    }
  }

  /** Writes to {@code n} until it stops answering; counts acknowledged writes. */
  private void writeUntilGone(NodeProcess n, AtomicInteger acknowledged) {
    try {
      for (int i = 0; i < 10_000; i++) {
        String db = DBS.get(i % DBS.size());
        String url = n.baseUrl() + "/db/" + db;
        if (i % 5 == 0) {
          upsert(url, db, "shared-" + (i % SHARED_DOCS), n.id + "-kill-" + i);
        } else {
          String id = n.id + "-kill-" + i;
          CouchHttp.Reply r =
              http.put(url + "/" + id, CouchHttp.JSON.createObjectNode().put("v", i));
          if (!r.ok()) {
            throw new AssertionError("write " + id + " on " + n.id + ": " + r.status());
          }
          ack(db, id, r.body().get("rev").asText());
        }
        acknowledged.incrementAndGet();
      }
    } catch (IOException | UncheckedIOException expectedOnceKilled) {
      // The node is gone: unacknowledged writes may or may not have happened.
    }
  }

  /** Creates or updates {@code id}; a concurrent replicated update is retried on. */
  private void upsert(String url, String db, String id, String value) throws IOException {
    String docUrl = url + "/" + CouchHttp.encode(id);
    for (int attempt = 0; attempt < 5; attempt++) {
      CouchHttp.Reply cur = http.get(docUrl);
      ObjectNode body = CouchHttp.JSON.createObjectNode().put("last", value);
      if (cur.status() == 200) {
        body.put("_rev", cur.body().get("_rev").asText());
      }
      CouchHttp.Reply r = http.put(docUrl, body);
      if (r.ok()) {
        ack(db, id, r.body().get("rev").asText());
        return;
      }
      if (r.status() != 409) {
        throw new AssertionError("upsert " + id + ": " + r.status() + " " + r.body());
      }
    }
    throw new AssertionError("upsert " + id + " conflicted 5 times");
  }

  private void ack(String db, String id, String rev) {
    writes.incrementAndGet();
    acked
        .computeIfAbsent(db, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet())
        .add(rev);
  }

  // ---- waiting ----

  private void awaitConverged() {
    Map<String, String> last = new LinkedHashMap<>();
    try {
      await(
          "all three nodes read the same in every database",
          CONVERGE,
          () -> {
            try {
              for (String db : DBS) {
                SortedMap<String, String> first =
                    http.digest(nodes.get(0).baseUrl() + "/db/" + db, false);
                for (NodeProcess n : nodes.subList(1, 3)) {
                  SortedMap<String, String> other = http.digest(n.baseUrl() + "/db/" + db, false);
                  if (!other.equals(first)) {
                    last.put(
                        "db", db + ": a has " + first.size() + ", " + n.id + " " + other.size());
                    Set<String> diff =
                        new TreeSet<>(first.entrySet().stream().map(Object::toString).toList());
                    other.entrySet().forEach(e -> diff.remove(e.toString()));
                    last.put("first differences", diff.stream().limit(5).toList().toString());
                    return false;
                  }
                }
              }
              return true;
            } catch (IOException | UncheckedIOException e) {
              last.put("error", e.toString());
              return false;
            }
          });
    } catch (AssertionError e) {
      StringBuilder logs = new StringBuilder();
      nodes.forEach(n -> logs.append('\n').append(n.logTail()));
      throw new AssertionError(e.getMessage() + "; last seen: " + last + logs, e);
    }
  }

  private void awaitMembers(NodeProcess n, String state) {
    for (String other : IDS) {
      if (!other.equals(n.id)) {
        awaitMemberState(n, other, state);
      }
    }
  }

  private void awaitMemberState(NodeProcess observer, String member, String state) {
    await(
        observer.id + " sees " + member + " " + state,
        JOIN,
        () -> {
          try {
            for (JsonNode m : http.get(observer.baseUrl() + "/_cluster").body().path("members")) {
              if (m.path("id").asText().equals(member)) {
                return m.path("state").asText().equals(state);
              }
            }
            return false;
          } catch (IOException e) {
            return false;
          }
        });
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code timeout}. */
  private static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  private void mark(String what) {
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    timings.put(what, ms);
    System.out.println("[" + ms + " ms] " + what);
  }
}
