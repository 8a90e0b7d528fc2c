package dev.symmetric.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ChangesResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.Revision;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.WriteResult;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.StorageEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The document store on RocksDB, one thread, {@link Durability#WAL} unless a name says sync. Its
 * baselines, on the same bytes and RocksDB settings, are in {@link RawRocksDbBenchmark}.
 *
 * <p>Every benchmark starts from a store holding {@value BenchData#PRELOADED} documents flushed to
 * a table file, so reads go through RocksDB's block cache rather than the memtable.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DocumentStoreBenchmark {

  /** A store with the default document cache (32 MiB, large enough for every document here). */
  @State(Scope.Benchmark)
  public static class Store extends StoreFixture {
    @Setup(Level.Trial)
    public void setUp() {
      open();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close();
    }
  }

  /**
   * {@link Store} built afresh for every iteration, so each insert iteration starts from the same
   * {@value BenchData#PRELOADED} documents and writes the same ids.
   */
  @State(Scope.Benchmark)
  public static class FreshStore extends StoreFixture {
    @Setup(Level.Iteration)
    public void setUp() {
      open();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      close();
    }
  }

  /** A store preloaded with {@value BenchData#PRELOADED} documents flushed to a table file. */
  abstract static class StoreFixture {
    Path dir;
    DocumentStore store;
    Database db;
    final ObjectNode body = BenchData.body();
    final String[] ids = new String[BenchData.PRELOADED];
    final Revision[] revs = new Revision[BenchData.PRELOADED];
    final List<ObjectNode> bulk = new ArrayList<>(BenchData.BULK);
    ObjectNode update;
    long nextId = BenchData.PRELOADED;
    int cursor;

    long cacheBytes() {
      return 32L << 20;
    }

    Durability durability() {
      return Durability.WAL;
    }

    void open() {
      nextId = BenchData.PRELOADED;
      cursor = 0;
      bulk.clear();
      dir = BenchData.newTempDir();
      StorageEngine engine = StorageEngines.rocksDb(dir);
      store =
          DocumentStore.builder()
              .storage(engine)
              .durability(durability())
              .cacheBytes(cacheBytes())
              .build();
      db = store.createDatabase("bench");
      for (int start = 0; start < BenchData.PRELOADED; start += BenchData.BULK) {
        List<ObjectNode> docs = new ArrayList<>();
        for (int i = start; i < start + BenchData.BULK; i++) {
          ids[i] = BenchData.id(i);
          docs.add(body.deepCopy().put("_id", ids[i]));
        }
        List<BulkResult> results = db.bulkDocs(docs, true);
        for (int i = 0; i < results.size(); i++) {
          revs[start + i] = results.get(i).rev();
        }
      }
      engine.flush();
      update = body.deepCopy();
      for (int i = 0; i < BenchData.BULK; i++) {
        bulk.add(body.deepCopy());
      }
    }

    void close() {
      store.close();
      BenchData.deleteTree(dir);
    }

    String newId() {
      return BenchData.id(nextId++);
    }

    /** The index of a preloaded document; successive calls scatter over all of them. */
    int existing() {
      cursor = (cursor + BenchData.STRIDE) % BenchData.PRELOADED;
      return cursor;
    }
  }

  /** The same store with the document cache disabled; RocksDB's block cache still applies. */
  @State(Scope.Benchmark)
  public static class StoreWithoutDocCache extends Store {
    @Override
    long cacheBytes() {
      return 0;
    }
  }

  /** The same store acknowledging writes only after an fsync. */
  @State(Scope.Benchmark)
  public static class SyncStore extends Store {
    @Override
    Durability durability() {
      return Durability.SYNC;
    }
  }

  /**
   * New documents with fresh ids (CouchDB's {@code PUT /db/id} without {@code _rev}): {@value
   * BenchData#INSERTS} of them per iteration into a fresh store; the score is per document.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(BenchData.INSERTS)
  public void insert(FreshStore s, Blackhole bh) {
    for (int i = 0; i < BenchData.INSERTS; i++) {
      bh.consume(s.db.put(s.newId(), s.body));
    }
  }

  /** {@link #insert} acknowledged after an fsync. */
  @Benchmark
  public WriteResult insertSync(SyncStore s) {
    return s.db.put(s.newId(), s.body);
  }

  /** A new revision of an existing document. */
  @Benchmark
  public WriteResult update(Store s) {
    int i = s.existing();
    s.update.put("_rev", s.revs[i].toString());
    WriteResult w = s.db.put(s.ids[i], s.update);
    s.revs[i] = w.rev();
    return w;
  }

  /** The winning revision of a document whose record and body are in the document cache. */
  @Benchmark
  public Document getCached(Store s) {
    return s.db.get(s.ids[s.existing()]);
  }

  /** The winning revision read from RocksDB: record and body, two point reads. */
  @Benchmark
  public Document getUncachedByDocCache(StoreWithoutDocCache s) {
    return s.db.get(s.ids[s.existing()]);
  }

  /**
   * {@value BenchData#BULK} new documents in one {@code _bulk_docs} call, {@value BenchData#BULKS}
   * calls per iteration into a fresh store; the score is per call.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(BenchData.BULKS)
  public void bulkInsert1000(FreshStore s, Blackhole bh) {
    for (int b = 0; b < BenchData.BULKS; b++) {
      for (ObjectNode doc : s.bulk) {
        doc.put("_id", s.newId());
      }
      List<BulkResult> results = s.db.bulkDocs(s.bulk, true);
      bh.consume(results);
    }
  }

  /** The whole changes feed of the {@value BenchData#PRELOADED} preloaded documents. */
  @Benchmark
  public ChangesResult changesScan10k(Store s) {
    return s.db.changes(ChangesRequest.since(0));
  }
}
