package dev.symmetric.core.internal.storage;

import dev.symmetric.core.internal.storage.PersistentTree.Node;
import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.Snapshot;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.StorageStats;
import dev.symmetric.core.spi.WriteBatch;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A non-durable engine for tests and caches. The data is one immutable tree behind a volatile root:
 * readers never lock, a batch is built on the side and published with a single write (so no reader
 * sees half of it), and a snapshot or cursor simply keeps the root it started from. Writers are
 * serialised by a lock. {@link Durability} is ignored: nothing survives {@link #close()}.
 */
public final class InMemoryStorageEngine implements StorageEngine {
  /** A rough per-entry cost of a tree node, for {@link StorageStats#memoryBytes()}. */
  private static final long NODE_OVERHEAD_BYTES = 96;

  private final ReentrantLock writeLock = new ReentrantLock();
  private final SplittableRandom priorities = new SplittableRandom();
  private volatile Node root;
  private volatile boolean closed;

  @Override
  public byte[] get(byte[] key) {
    Objects.requireNonNull(key, "key");
    ensureOpen();
    byte[] value = PersistentTree.get(root, key);
    return value == null ? null : value.clone();
  }

  @Override
  public Cursor scan(KeyRange range) {
    Objects.requireNonNull(range, "range");
    ensureOpen();
    return new TreeCursor(root, range, this::ensureOpen);
  }

  @Override
  public void write(WriteBatch batch, Durability durability) {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(durability, "durability");
    ensureOpen();
    writeLock.lock();
    try {
      ensureOpen();
      BatchApplier applier = new BatchApplier(root);
      batch.forEach(applier);
      root = applier.root;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Snapshot snapshot() {
    ensureOpen();
    return new TreeSnapshot(root);
  }

  @Override
  public void flush() {
    ensureOpen();
  }

  @Override
  public StorageStats stats() {
    ensureOpen();
    Node r = root;
    long count = PersistentTree.count(r);
    long bytes = PersistentTree.bytes(r);
    return new StorageStats(count, bytes, bytes + count * NODE_OVERHEAD_BYTES);
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      closed = true;
      root = null;
    } finally {
      writeLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("storage engine is closed");
    }
  }

  /** Applies a batch to a private root; arrays are copied so callers may reuse theirs. */
  private final class BatchApplier implements WriteBatch.Visitor {
    Node root;

    BatchApplier(Node root) {
      this.root = root;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      root = PersistentTree.put(root, key.clone(), value.clone(), priorities.nextInt());
    }

    @Override
    public void delete(byte[] key) {
      root = PersistentTree.remove(root, key);
    }

    @Override
    public void deleteRange(byte[] from, byte[] to) {
      root = PersistentTree.removeRange(root, from, to);
    }
  }

  private final class TreeSnapshot implements Snapshot {
    private final Node snapshotRoot;
    private volatile boolean snapshotClosed;

    TreeSnapshot(Node snapshotRoot) {
      this.snapshotRoot = snapshotRoot;
    }

    @Override
    public byte[] get(byte[] key) {
      Objects.requireNonNull(key, "key");
      ensureSnapshotOpen();
      byte[] value = PersistentTree.get(snapshotRoot, key);
      return value == null ? null : value.clone();
    }

    @Override
    public Cursor scan(KeyRange range) {
      Objects.requireNonNull(range, "range");
      ensureSnapshotOpen();
      return new TreeCursor(snapshotRoot, range, this::ensureSnapshotOpen);
    }

    private void ensureSnapshotOpen() {
      if (snapshotClosed) {
        throw new IllegalStateException("snapshot is closed");
      }
      ensureOpen();
    }

    @Override
    public void close() {
      snapshotClosed = true;
    }
  }
}
