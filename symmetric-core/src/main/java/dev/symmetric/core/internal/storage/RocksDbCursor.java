package dev.symmetric.core.internal.storage;

import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.KeyRange;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A cursor over a RocksDB iterator. The range bounds are pushed down to RocksDB as iterate bounds,
 * so the iterator never reads past them. Methods are synchronized because a native iterator must
 * not be used by two threads at once, nor freed while in use.
 */
final class RocksDbCursor implements Cursor, NativeResource {
  private final RocksDbStorageEngine engine;
  private final RocksDbSnapshot owner;
  private final boolean descending;
  private final ReadOptions readOptions;
  private final Slice lowerBound;
  private final Slice upperBound;
  private final RocksIterator iterator;
  private boolean started;
  private boolean exhausted;
  private boolean released;
  private byte[] key;
  private byte[] value;

  /** Called under the engine's guard; {@code snapshot} and {@code owner} may be null. */
  RocksDbCursor(
      RocksDbStorageEngine engine,
      RocksDB db,
      KeyRange range,
      org.rocksdb.Snapshot snapshot,
      RocksDbSnapshot owner) {
    this.engine = engine;
    this.owner = owner;
    this.descending = range.isDescending();
    byte[] from = range.from();
    byte[] to = range.to();
    this.readOptions = new ReadOptions();
    this.lowerBound = from == null ? null : new Slice(from);
    this.upperBound = to == null ? null : new Slice(to);
    if (snapshot != null) {
      readOptions.setSnapshot(snapshot);
    }
    if (lowerBound != null) {
      readOptions.setIterateLowerBound(lowerBound);
    }
    if (upperBound != null) {
      readOptions.setIterateUpperBound(upperBound);
    }
    this.iterator = db.newIterator(readOptions);
  }

  @Override
  public boolean next() {
    return engine.guarded("scan", this::advance);
  }

  private synchronized boolean advance() throws RocksDBException {
    ensureOpen();
    if (exhausted) {
      return false;
    }
    if (!started) {
      started = true;
      if (descending) {
        iterator.seekToLast();
      } else {
        iterator.seekToFirst();
      }
    } else if (descending) {
      iterator.prev();
    } else {
      iterator.next();
    }
    if (iterator.isValid()) {
      key = iterator.key();
      value = iterator.value();
      return true;
    }
    exhausted = true;
    key = null;
    value = null;
    iterator.status();
    return false;
  }

  @Override
  public synchronized byte[] key() {
    return current(key).clone();
  }

  @Override
  public synchronized byte[] value() {
    return current(value).clone();
  }

  private byte[] current(byte[] field) {
    ensureOpen();
    if (field == null) {
      throw new IllegalStateException("no current entry: call next() and check it returned true");
    }
    return field;
  }

  private void ensureOpen() {
    if (released) {
      throw new IllegalStateException("cursor is closed (or its snapshot or engine is)");
    }
  }

  @Override
  public void close() {
    engine.closeResource(this);
  }

  @Override
  public synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    key = null;
    value = null;
    // The iterator reads the bounds until it is closed, so they go last.
    iterator.close();
    readOptions.close();
    if (lowerBound != null) {
      lowerBound.close();
    }
    if (upperBound != null) {
      upperBound.close();
    }
    engine.forget(this);
    if (owner != null) {
      owner.forget(this);
    }
  }
}
