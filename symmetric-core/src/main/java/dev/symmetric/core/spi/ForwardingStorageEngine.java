package dev.symmetric.core.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A storage engine that passes every call to another one: extend it and override what you want to
 * observe or change (count writes, inject faults, keep the engine open across a store's close)
 * instead of writing out the whole interface.
 */
public abstract class ForwardingStorageEngine implements StorageEngine {
  private final StorageEngine delegate;

  protected ForwardingStorageEngine(StorageEngine delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The engine calls go to, e.g. for checking what really got stored. */
  public final StorageEngine delegate() {
    return delegate;
  }

  @Override
  public int spiVersion() {
    return delegate.spiVersion();
  }

  @Override
  public byte @Nullable [] get(byte[] key) {
    return delegate.get(key);
  }

  @Override
  public Cursor scan(KeyRange range) {
    return delegate.scan(range);
  }

  @Override
  public void write(WriteBatch batch, Durability durability) {
    delegate.write(batch, durability);
  }

  @Override
  public Snapshot snapshot() {
    return delegate.snapshot();
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public StorageStats stats() {
    return delegate.stats();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
