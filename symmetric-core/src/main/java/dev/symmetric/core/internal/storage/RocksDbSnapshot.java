package dev.symmetric.core.internal.storage;

import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.Snapshot;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;

/**
 * A RocksDB snapshot. Reads may run from several threads at once; closing waits for them and then
 * closes the cursors opened from it, which would otherwise read a released snapshot.
 */
final class RocksDbSnapshot implements Snapshot, NativeResource {
  private final RocksDbStorageEngine engine;
  private final RocksDB db;
  private final org.rocksdb.Snapshot snapshot;
  private final ReadOptions readOptions;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<RocksDbCursor> cursors = ConcurrentHashMap.newKeySet();
  private boolean released;

  /** Called under the engine's guard. */
  RocksDbSnapshot(RocksDbStorageEngine engine, RocksDB db) {
    this.engine = engine;
    this.db = db;
    this.snapshot = db.getSnapshot();
    this.readOptions = new ReadOptions().setSnapshot(snapshot);
  }

  @Override
  public byte[] get(byte[] key) {
    Objects.requireNonNull(key, "key");
    return engine.guarded(
        "snapshot get",
        () -> {
          lock.readLock().lock();
          try {
            ensureOpen();
            return db.get(readOptions, key);
          } finally {
            lock.readLock().unlock();
          }
        });
  }

  @Override
  public Cursor scan(KeyRange range) {
    Objects.requireNonNull(range, "range");
    return engine.guarded(
        "snapshot scan",
        () -> {
          lock.readLock().lock();
          try {
            ensureOpen();
            RocksDbCursor cursor = engine.newCursor(range, snapshot, this);
            cursors.add(cursor);
            return cursor;
          } finally {
            lock.readLock().unlock();
          }
        });
  }

  private void ensureOpen() {
    if (released) {
      throw new IllegalStateException("snapshot is closed (or its engine is)");
    }
  }

  @Override
  public void close() {
    engine.closeResource(this);
  }

  @Override
  public void release() {
    lock.writeLock().lock();
    try {
      if (released) {
        return;
      }
      released = true;
      for (RocksDbCursor cursor : cursors) {
        cursor.release();
      }
      db.releaseSnapshot(snapshot);
      readOptions.close();
      engine.forget(this);
    } finally {
      lock.writeLock().unlock();
    }
  }

  void forget(RocksDbCursor cursor) {
    cursors.remove(cursor);
  }
}
