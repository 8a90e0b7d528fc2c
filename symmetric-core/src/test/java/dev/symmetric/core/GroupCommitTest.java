package dev.symmetric.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.ForwardingStorageEngine;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent writers on RocksDB with SYNC durability, committed in groups. */
class GroupCommitTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final int THREADS = 8;

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  private DocumentStore open(StorageEngine engine) {
    return DocumentStore.builder().storage(engine).durability(Durability.SYNC).build();
  }

  private static ObjectNode doc(String id, Revision rev, int value) {
    ObjectNode doc = M.createObjectNode().put("_id", id).put("value", value);
    if (rev != null) {
      doc.put("_rev", rev.toString());
    }
    return doc;
  }

  /** Runs {@code task(i)} on {@code n} threads released together; returns their results. */
  private <T> List<T> together(int n, IndexedTask<T> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return task.run(index);
              }));
    }
    start.countDown();
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      out.add(f.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  interface IndexedTask<T> {
    T run(int index) throws Exception;
  }

  @Test
  void everyAcknowledgedWriteIsReadableAndSurvivesReopen() throws Exception {
    Map<String, Revision> acknowledged = new ConcurrentHashMap<>();
    AtomicLong changes = new AtomicLong();
    try (DocumentStore store = open(StorageEngines.rocksDb(dir))) {
      Database db = store.createDatabase("load");
      together(
          THREADS,
          t -> {
            for (int i = 0; i < 25; i++) {
              // Each thread creates its own documents and updates them, and all threads update
              // a few shared ones (those updates may conflict).
              String own = "t" + t + "-" + i;
              Revision r1 = db.put(doc(own, null, i)).rev();
              Revision r2 = db.put(doc(own, r1, i + 1)).rev();
              acknowledged.put(own, r2);
              changes.addAndGet(2);
              String shared = "shared-" + (i % 3);
              List<BulkResult> results =
                  db.bulkDocs(List.of(doc(shared, current(db, shared), t)), true);
              if (results.get(0).isOk()) {
                changes.incrementAndGet();
              } else {
                assertThat(results.get(0).error()).isInstanceOf(ConflictException.class);
              }
            }
            return null;
          });
      for (int s = 0; s < 3; s++) {
        acknowledged.put("shared-" + s, db.get("shared-" + s).rev());
      }

      assertThat(db.updateSeq()).isEqualTo(changes.get());
      assertReadable(db, acknowledged);
      ChangesResult feed = db.changes(ChangesRequest.since(0));
      assertThat(feed.results()).extracting(Change::id).doesNotHaveDuplicates();
      assertThat(feed.results())
          .extracting(Change::id)
          .containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
      assertThat(feed.results()).extracting(Change::seq).isSorted();
    }
    try (DocumentStore reopened = open(StorageEngines.rocksDb(dir))) {
      Database db = reopened.database("load");
      assertThat(db.updateSeq()).isEqualTo(changes.get());
      assertThat(db.info().docCount()).isEqualTo(acknowledged.size());
      assertReadable(db, acknowledged);
    }
  }

  private static Revision current(Database db, String id) {
    try {
      return db.get(id).rev();
    } catch (NotFoundException e) {
      return null;
    }
  }

  private static void assertReadable(Database db, Map<String, Revision> acknowledged) {
    acknowledged.forEach((id, rev) -> assertThat(db.get(id).rev()).as(id).isEqualTo(rev));
  }

  @Test
  void exactlyOneOfConcurrentUpdatesFromTheSameParentWins() throws Exception {
    try (DocumentStore store = open(StorageEngines.rocksDb(dir))) {
      Database db = store.createDatabase("race");
      Revision parent = db.put(doc("hot", null, -1)).rev();
      for (int round = 0; round < 20; round++) {
        Revision from = parent;
        List<Object> outcomes =
            together(
                THREADS,
                t -> {
                  try {
                    return db.put(doc("hot", from, t));
                  } catch (ConflictException e) {
                    return e;
                  }
                });
        List<WriteResult> wins =
            outcomes.stream()
                .filter(WriteResult.class::isInstance)
                .map(WriteResult.class::cast)
                .toList();
        assertThat(wins).as("round %d", round).hasSize(1);
        assertThat(outcomes.stream().filter(ConflictException.class::isInstance))
            .hasSize(THREADS - 1);
        parent = wins.get(0).rev();
        assertThat(parent.generation()).isEqualTo(round + 2);
        Document hot = db.get("hot", GetOptions.defaults().withConflicts(true));
        assertThat(hot.rev()).isEqualTo(parent);
        assertThat(hot.conflicts()).isEmpty();
      }
      assertThat(db.updateSeq()).isEqualTo(21);
      assertThat(db.changes(ChangesRequest.since(0)).results())
          .singleElement()
          .satisfies(c -> assertThat(c.revs()).containsExactly(db.get("hot").rev()));
    }
  }

  @Test
  void readersAlwaysFindTheWinnersBodyWhileItIsReplaced() throws Exception {
    try (DocumentStore store = open(StorageEngines.rocksDb(dir))) {
      Database db = store.createDatabase("read");
      List<String> ids = List.of("x", "y", "z");
      for (String id : ids) {
        db.put(doc(id, null, 0));
      }
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger reads = new AtomicInteger();
      List<Future<Void>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                (Callable<Void>)
                    () -> {
                      // At least one full pass after the writers finished.
                      boolean last = false;
                      while (!last) {
                        last = !writing.get();
                        for (String id : ids) {
                          Document d = db.get(id, GetOptions.defaults().withConflicts(true));
                          assertThat(d.body().get("value").isInt()).isTrue();
                          assertThat(db.openRevs(id, null, false, true))
                              .allSatisfy(o -> assertThat(o.isOk()).isTrue());
                          reads.incrementAndGet();
                        }
                        // Feeds read records from a snapshot: the bodies must match them.
                        assertThat(
                                db.changes(ChangesRequest.since(0).withIncludeDocs(true)).results())
                            .hasSize(ids.size())
                            .allSatisfy(c -> assertThat(c.doc()).isNotNull());
                        assertThat(db.allDocs(AllDocsRequest.all().withIncludeDocs(true)).rows())
                            .hasSize(ids.size())
                            .allSatisfy(row -> assertThat(row.doc()).isNotNull());
                      }
                      return null;
                    }));
      }
      try {
        together(
            THREADS - 2,
            t -> {
              for (int i = 1; i <= 40; i++) {
                String id = ids.get((t + i) % ids.size());
                try {
                  db.put(doc(id, db.get(id).rev(), i));
                } catch (ConflictException e) {
                  // another writer got there first; fine
                }
              }
              return null;
            });
      } finally {
        writing.set(false);
      }
      for (Future<Void> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
      assertThat(reads.get()).isPositive();
      for (String id : ids) {
        assertThat(db.openRevs(id, null, false, false)).hasSize(1);
      }
    }
  }

  @Test
  void writersThatQueueBehindACommitAreCommittedTogether() throws Exception {
    GatedEngine engine = new GatedEngine(StorageEngines.rocksDb(dir));
    try (DocumentStore store = open(engine)) {
      Database db = store.createDatabase("group");
      engine.writes.set(0);
      engine.gate = new CountDownLatch(1);

      Future<WriteResult> first = pool.submit(() -> db.put(doc("first", null, 0)));
      assertThat(engine.entered.await(30, TimeUnit.SECONDS)).isTrue();
      // The first commit is now blocked inside the engine, holding the commit lock.
      int queued = THREADS - 1;
      List<Thread> threads = new ArrayList<>();
      List<Future<WriteResult>> rest = new ArrayList<>();
      for (int i = 0; i < queued; i++) {
        String id = "queued-" + i;
        FutureTask<WriteResult> task = new FutureTask<>(() -> db.put(doc(id, null, 0)));
        Thread thread = new Thread(task, id);
        thread.start();
        threads.add(thread);
        rest.add(task);
      }
      // A writer parks on the commit lock only after queueing its work.
      for (Thread thread : threads) {
        while (thread.getState() != Thread.State.WAITING) {
          assertThat(thread.isAlive()).isTrue();
          Thread.onSpinWait();
        }
      }
      engine.gate.countDown();

      assertThat(first.get(30, TimeUnit.SECONDS).rev().generation()).isEqualTo(1);
      for (Future<WriteResult> f : rest) {
        assertThat(f.get(30, TimeUnit.SECONDS).rev().generation()).isEqualTo(1);
      }
      assertThat(engine.writes.get())
          .as("storage writes for %d documents", queued + 1)
          .isEqualTo(2);
      assertThat(db.info().docCount()).isEqualTo(queued + 1);
      assertThat(db.updateSeq()).isEqualTo(queued + 1);
    }
  }

  @Test
  void asynchronousWritesFromOneThreadShareCommitsAndFailAlone() throws Exception {
    GatedEngine engine = new GatedEngine(StorageEngines.rocksDb(dir));
    try (DocumentStore store = open(engine)) {
      Database db = store.createDatabase("async");
      WriteResult existing = db.put(doc("taken", null, 0));
      engine.writes.set(0);
      engine.gate = new CountDownLatch(1);
      // The first asynchronous write blocks inside the engine; everything queued meanwhile by
      // this one thread must then go out in one more storage write.
      List<CompletableFuture<WriteResult>> writes = new ArrayList<>();
      writes.add(db.putAsync(null, doc("a-0", null, 0)));
      assertThat(engine.entered.await(30, TimeUnit.SECONDS)).isTrue();
      int queued = 200;
      for (int i = 1; i <= queued; i++) {
        writes.add(db.putAsync(null, doc("a-" + i, null, 0)));
      }
      CompletableFuture<WriteResult> stale = db.putAsync(null, doc("taken", null, 1));
      CompletableFuture<List<BulkResult>> bulk =
          db.bulkDocsAsync(List.of(doc("b-0", null, 0), doc("b-1", null, 0)), true);
      assertThat(writes.get(queued)).isNotDone();
      engine.gate.countDown();

      for (CompletableFuture<WriteResult> w : writes) {
        assertThat(w.get(30, TimeUnit.SECONDS).rev().generation()).isEqualTo(1);
      }
      assertThatThrownBy(() -> stale.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ConflictException.class);
      assertThat(bulk.get(30, TimeUnit.SECONDS)).allMatch(BulkResult::isOk);
      assertThat(engine.writes.get())
          .as("storage writes for %d documents", queued + 3)
          .isEqualTo(2);
      assertThat(db.get("taken").rev()).isEqualTo(existing.rev());
      assertThat(db.info().docCount()).isEqualTo(queued + 4);
    }
  }

  /** Counts writes; while {@link #gate} is set, the first write waits inside the engine for it. */
  static final class GatedEngine extends ForwardingStorageEngine {
    final AtomicInteger writes = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch gate;

    GatedEngine(StorageEngine delegate) {
      super(delegate);
    }

    @Override
    public void write(WriteBatch batch, Durability durability) {
      writes.incrementAndGet();
      CountDownLatch g = gate;
      if (g != null && entered.getCount() > 0) {
        entered.countDown();
        try {
          if (!g.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      super.write(batch, durability);
    }
  }
}
