package dev.symmetric.docs;

import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.testing.StorageEngineConformance;
import java.nio.file.Path;

// tag::conformance[]
class CountingStorageEngineConformanceTest extends StorageEngineConformance {
  @Override
  protected StorageEngine openEngine(Path dir) {
    return new CountingStorageEngine(StorageEngines.rocksDb(dir));
  }

  @Override
  protected boolean isPersistent() {
    return true; // the suite then also checks that data survives a reopen
  }
}
// end::conformance[]
