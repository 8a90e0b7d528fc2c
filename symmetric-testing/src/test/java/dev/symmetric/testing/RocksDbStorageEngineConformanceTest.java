package dev.symmetric.testing;

import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.spi.StorageEngine;
import java.nio.file.Path;

class RocksDbStorageEngineConformanceTest extends StorageEngineConformance {

  @Override
  protected StorageEngine openEngine(Path dir) {
    return StorageEngines.rocksDb(dir);
  }

  @Override
  protected boolean isPersistent() {
    return true;
  }
}
