package dev.symmetric.testing;

import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.spi.StorageEngine;
import java.nio.file.Path;

/** With no fault set, the wrapper must be indistinguishable from the engine it wraps. */
class FaultyStorageEngineConformanceTest extends StorageEngineConformance {

  @Override
  protected StorageEngine openEngine(Path dir) {
    return new FaultyStorageEngine(StorageEngines.inMemory());
  }

  @Override
  protected boolean isPersistent() {
    return false;
  }
}
