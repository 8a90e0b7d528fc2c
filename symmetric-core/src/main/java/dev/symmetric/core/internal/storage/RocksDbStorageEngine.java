package dev.symmetric.core.internal.storage;

import dev.symmetric.core.RocksDbOptions;
import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.Snapshot;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.StorageFailure;
import dev.symmetric.core.spi.StorageStats;
import dev.symmetric.core.spi.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default engine: RocksDB through its JNI binding, one database per directory.
 *
 * <p>Native handles must never be used after they are freed (that crashes the JVM rather than
 * throwing). Every native call therefore runs under the read side of {@link #guard} after checking
 * {@link #closed}; {@link #close()} takes the write side, so it waits for calls in flight and then
 * frees every open snapshot and cursor before the database itself.
 */
public final class RocksDbStorageEngine implements StorageEngine {
  private static final Logger log = LoggerFactory.getLogger(RocksDbStorageEngine.class);

  /** A call into RocksDB made while the guard is held. */
  interface NativeCall<T> {
    T call() throws RocksDBException;
  }

  private final Path dir;
  private final RocksDB db;
  private final RocksDbConfig config;
  private final WriteOptions syncWrites = new WriteOptions().setSync(true);
  private final WriteOptions walWrites = new WriteOptions().setSync(false);
  private final FlushOptions flushOptions = new FlushOptions().setWaitForFlush(true);
  private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
  private final Set<NativeResource> openResources = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private RocksDbStorageEngine(Path dir, RocksDB db, RocksDbConfig config) {
    this.dir = dir;
    this.db = db;
    this.config = config;
  }

  /** Opens or creates the database in {@code dir}. */
  public static RocksDbStorageEngine open(Path dir, RocksDbOptions settings) {
    NativeLibrary.load();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageFailure("Cannot create the storage directory " + dir + ": " + e, e);
    }
    RocksDbConfig config = new RocksDbConfig(settings);
    try {
      RocksDB db = openWithBestCompression(dir, config, settings.compression());
      log.info(
          "Opened RocksDB at {} ({}, {} compression)",
          dir,
          settings,
          config.options.compressionType());
      return new RocksDbStorageEngine(dir, db, config);
    } catch (RocksDBException e) {
      config.close();
      throw openFailure(dir, e);
    } catch (RuntimeException | Error e) {
      config.close();
      throw e;
    }
  }

  private static RocksDB openWithBestCompression(
      Path dir, RocksDbConfig config, boolean compression) throws RocksDBException {
    CompressionType[] preference = RocksDbConfig.compressionPreference(compression);
    for (int i = 0; ; i++) {
      config.options.setCompressionType(preference[i]);
      try {
        return RocksDB.open(config.options, dir.toString());
      } catch (RocksDBException e) {
        boolean unsupported = String.valueOf(e.getMessage()).contains("not linked with the binary");
        if (!unsupported || i == preference.length - 1) {
          throw e;
        }
        log.warn("RocksDB build lacks {}; trying {}", preference[i], preference[i + 1]);
      }
    }
  }

  private static StorageFailure openFailure(Path dir, RocksDBException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("LOCK") || message.toLowerCase().contains("lock hold")) {
      return new StorageFailure(
          "Cannot open RocksDB at "
              + dir
              + ": the directory is locked; is another node using "
              + dir
              + "? ("
              + message
              + ")",
          e);
    }
    return new StorageFailure("Cannot open RocksDB at " + dir + ": " + message, e);
  }

  @Override
  public byte[] get(byte[] key) {
    Objects.requireNonNull(key, "key");
    // guarded(), written out: point reads are the hottest call and need no lambda.
    guard.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("storage engine at " + dir + " is closed");
      }
      return db.get(key);
    } catch (RocksDBException e) {
      throw new StorageFailure("RocksDB get failed at " + dir + ": " + e.getMessage(), e);
    } finally {
      guard.readLock().unlock();
    }
  }

  @Override
  public Cursor scan(KeyRange range) {
    Objects.requireNonNull(range, "range");
    return guarded("scan", () -> newCursor(range, null, null));
  }

  @Override
  public void write(WriteBatch batch, Durability durability) {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(durability, "durability");
    guarded(
        "write",
        () -> {
          if (batch.isEmpty()) {
            return null;
          }
          try (org.rocksdb.WriteBatch nativeBatch = NativeBatches.toNative(batch)) {
            db.write(durability == Durability.SYNC ? syncWrites : walWrites, nativeBatch);
          }
          return null;
        });
  }

  @Override
  public Snapshot snapshot() {
    return guarded("snapshot", () -> register(new RocksDbSnapshot(this, db)));
  }

  @Override
  public void flush() {
    guarded(
        "flush",
        () -> {
          db.flush(flushOptions);
          return null;
        });
  }

  @Override
  public StorageStats stats() {
    return guarded(
        "stats",
        () -> {
          long memtables = db.getLongProperty("rocksdb.cur-size-all-mem-tables");
          long tables = db.getLongProperty("rocksdb.total-sst-files-size");
          long keys = db.getLongProperty("rocksdb.estimate-num-keys");
          return new StorageStats(
              keys, tables + memtables, config.blockCache.getUsage() + memtables);
        });
  }

  @Override
  public void close() {
    guard.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (NativeResource resource : openResources) {
        resource.release();
      }
      db.close();
      syncWrites.close();
      walWrites.close();
      flushOptions.close();
      config.close();
      log.info("Closed RocksDB at {}", dir);
    } finally {
      guard.writeLock().unlock();
    }
  }

  /** Runs {@code call} while the database is guaranteed to stay open. */
  <T> T guarded(String operation, NativeCall<T> call) {
    guard.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("storage engine at " + dir + " is closed");
      }
      return call.call();
    } catch (RocksDBException e) {
      throw new StorageFailure(
          "RocksDB " + operation + " failed at " + dir + ": " + e.getMessage(), e);
    } finally {
      guard.readLock().unlock();
    }
  }

  /** Releases {@code resource} unless the engine already did while closing. */
  void closeResource(NativeResource resource) {
    guard.readLock().lock();
    try {
      if (!closed) {
        resource.release();
      }
    } finally {
      guard.readLock().unlock();
    }
  }

  /** Must be called under the guard. */
  RocksDbCursor newCursor(KeyRange range, org.rocksdb.Snapshot snapshot, RocksDbSnapshot owner) {
    return register(new RocksDbCursor(this, db, range, snapshot, owner));
  }

  private <R extends NativeResource> R register(R resource) {
    openResources.add(resource);
    return resource;
  }

  void forget(NativeResource resource) {
    openResources.remove(resource);
  }
}
