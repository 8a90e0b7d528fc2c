package dev.symmetric.benchmarks;

import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.WriteBatch;
import java.nio.file.Path;
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
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * Baselines for {@link DocumentStoreBenchmark}: the same keys and values written and read straight
 * through RocksDB's Java API ({@code raw*}), and through the store's storage SPI ({@code spi*}),
 * with the same RocksDB settings and durability. A raw operation moves one key and one value the
 * size of the document body; the store moves more (revision tree, sequence index, counters), which
 * is the overhead the pairs measure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RawRocksDbBenchmark {

  /** Keys and values shared by both baselines. */
  abstract static class Entries {
    Path dir;
    final byte[] value = BenchData.bodyBytes();
    final byte[][] keys = new byte[BenchData.PRELOADED][];
    private long nextId = BenchData.PRELOADED;
    private int cursor;

    Entries() {
      for (int i = 0; i < keys.length; i++) {
        keys[i] = BenchData.key(BenchData.id(i));
      }
    }

    void restartIds() {
      nextId = BenchData.PRELOADED;
      cursor = 0;
    }

    byte[] newKey() {
      return BenchData.key(BenchData.id(nextId++));
    }

    int existing() {
      cursor = (cursor + BenchData.STRIDE) % BenchData.PRELOADED;
      return cursor;
    }
  }

  /** RocksDB's Java API with {@link BenchData#PRELOADED} entries flushed to a table file. */
  @State(Scope.Benchmark)
  public static class Raw extends RawFixture {
    @Setup(Level.Trial)
    public void setUp() throws RocksDBException {
      open();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close();
    }
  }

  /** {@link Raw} built afresh for every iteration, like the store of the insert benchmarks. */
  @State(Scope.Benchmark)
  public static class FreshRaw extends RawFixture {
    @Setup(Level.Iteration)
    public void setUp() throws RocksDBException {
      open();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      close();
    }
  }

  abstract static class RawFixture extends Entries {
    RawRocksDb rocks;
    WriteOptions writeOptions;

    boolean sync() {
      return false;
    }

    void open() throws RocksDBException {
      restartIds();
      dir = BenchData.newTempDir();
      rocks = new RawRocksDb(dir);
      writeOptions = new WriteOptions().setSync(sync());
      try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
        for (byte[] key : keys) {
          batch.put(key, value);
        }
        rocks.db.write(writeOptions, batch);
      }
      rocks.flush();
    }

    void close() {
      writeOptions.close();
      rocks.close();
      BenchData.deleteTree(dir);
    }
  }

  /** {@link Raw} with every write fsynced. */
  @State(Scope.Benchmark)
  public static class RawSync extends Raw {
    @Override
    boolean sync() {
      return true;
    }
  }

  /** The store's RocksDB engine through the storage SPI, preloaded like {@link Raw}. */
  @State(Scope.Benchmark)
  public static class Spi extends SpiFixture {
    @Setup(Level.Trial)
    public void setUp() {
      open();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close();
    }
  }

  /** {@link Spi} built afresh for every iteration, like the store of the insert benchmarks. */
  @State(Scope.Benchmark)
  public static class FreshSpi extends SpiFixture {
    @Setup(Level.Iteration)
    public void setUp() {
      open();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      close();
    }
  }

  abstract static class SpiFixture extends Entries {
    StorageEngine engine;

    Durability durability() {
      return Durability.WAL;
    }

    void open() {
      restartIds();
      dir = BenchData.newTempDir();
      engine = StorageEngines.rocksDb(dir);
      WriteBatch batch = new WriteBatch();
      for (byte[] key : keys) {
        batch.put(key, value);
      }
      engine.write(batch, durability());
      engine.flush();
    }

    void close() {
      engine.close();
      BenchData.deleteTree(dir);
    }
  }

  /** {@link Spi} with every write fsynced. */
  @State(Scope.Benchmark)
  public static class SpiSync extends Spi {
    @Override
    Durability durability() {
      return Durability.SYNC;
    }
  }

  // ---- RocksDB's Java API ----

  /**
   * Baseline of {@code insert}: puts of new keys, {@value BenchData#INSERTS} per iteration into a
   * fresh database; the score is per put.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(BenchData.INSERTS)
  public void rawPut(FreshRaw s, Blackhole bh) throws RocksDBException {
    for (int i = 0; i < BenchData.INSERTS; i++) {
      byte[] key = s.newKey();
      s.rocks.db.put(s.writeOptions, key, s.value);
      bh.consume(key);
    }
  }

  /** Baseline of {@code insertSync}. */
  @Benchmark
  public byte[] rawPutSync(RawSync s) throws RocksDBException {
    byte[] key = s.newKey();
    s.rocks.db.put(s.writeOptions, key, s.value);
    return key;
  }

  /** Baseline of {@code update}: one put over an existing key. */
  @Benchmark
  public byte[] rawPutExisting(Raw s) throws RocksDBException {
    byte[] key = s.keys[s.existing()];
    s.rocks.db.put(s.writeOptions, key, s.value);
    return key;
  }

  /** Baseline of the {@code get*} benchmarks: one point read. */
  @Benchmark
  public byte[] rawGet(Raw s) throws RocksDBException {
    return s.rocks.db.get(s.keys[s.existing()]);
  }

  /**
   * Baseline of {@code bulkInsert1000}: write batches of 1,000 puts of new keys, {@value
   * BenchData#BULKS} per iteration into a fresh database; the score is per batch.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(BenchData.BULKS)
  public void rawWriteBatch1000(FreshRaw s, Blackhole bh) throws RocksDBException {
    for (int b = 0; b < BenchData.BULKS; b++) {
      try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
        for (int i = 0; i < BenchData.BULK; i++) {
          batch.put(s.newKey(), s.value);
        }
        s.rocks.db.write(s.writeOptions, batch);
        bh.consume(batch.count());
      }
    }
  }

  /** Baseline of {@code changesScan10k}: an iterator over the 10,000 entries, keys and values. */
  @Benchmark
  public long rawScan10k(Raw s) {
    long bytes = 0;
    try (RocksIterator it = s.rocks.db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        bytes += it.key().length + it.value().length;
      }
    }
    return bytes;
  }

  // ---- the storage SPI over the same RocksDB ----

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(BenchData.INSERTS)
  public void spiPut(FreshSpi s, Blackhole bh) {
    for (int i = 0; i < BenchData.INSERTS; i++) {
      byte[] key = s.newKey();
      s.engine.write(new WriteBatch().put(key, s.value), Durability.WAL);
      bh.consume(key);
    }
  }

  @Benchmark
  public byte[] spiPutSync(SpiSync s) {
    byte[] key = s.newKey();
    s.engine.write(new WriteBatch().put(key, s.value), Durability.SYNC);
    return key;
  }

  @Benchmark
  public byte[] spiGet(Spi s) {
    return s.engine.get(s.keys[s.existing()]);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OperationsPerInvocation(BenchData.BULKS)
  public void spiWriteBatch1000(FreshSpi s, Blackhole bh) {
    for (int b = 0; b < BenchData.BULKS; b++) {
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < BenchData.BULK; i++) {
        batch.put(s.newKey(), s.value);
      }
      s.engine.write(batch, Durability.WAL);
      bh.consume(batch.size());
    }
  }

  @Benchmark
  public long spiScan10k(Spi s) {
    long bytes = 0;
    try (Cursor c = s.engine.scan(KeyRange.all())) {
      while (c.next()) {
        bytes += c.key().length + c.value().length;
      }
    }
    return bytes;
  }
}
