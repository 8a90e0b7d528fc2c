package dev.symmetric.docs;

import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.ForwardingStorageEngine;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.WriteBatch;
import java.util.concurrent.atomic.AtomicLong;

// tag::forwarding-engine[]
/** Counts storage writes and passes everything else through unchanged. */
final class CountingStorageEngine extends ForwardingStorageEngine {
  private final AtomicLong writes = new AtomicLong();

  CountingStorageEngine(StorageEngine delegate) {
    super(delegate);
  }

  @Override
  public void write(WriteBatch batch, Durability durability) {
    super.write(batch, durability);
    writes.incrementAndGet();
  }

  long writes() {
    return writes.get();
  }
}
// end::forwarding-engine[]
