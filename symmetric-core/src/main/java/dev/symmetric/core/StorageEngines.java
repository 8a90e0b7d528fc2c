package dev.symmetric.core;

import dev.symmetric.core.internal.storage.InMemoryStorageEngine;
import dev.symmetric.core.internal.storage.RocksDbStorageEngine;
import dev.symmetric.core.spi.StorageEngine;
import java.nio.file.Path;
import java.util.Objects;

/** The storage engines that ship with Symmetric. */
public final class StorageEngines {
  private StorageEngines() {}

  /** An engine that keeps everything in memory and loses it on close: for tests and caches. */
  public static StorageEngine inMemory() {
    return new InMemoryStorageEngine();
  }

  /**
   * Opens (creating if needed) a RocksDB database in {@code dir} with {@link
   * RocksDbOptions#defaults()}.
   *
   * @throws dev.symmetric.core.spi.StorageFailure if the database cannot be opened, for example
   *     because another process holds it
   */
  public static StorageEngine rocksDb(Path dir) {
    return rocksDb(dir, RocksDbOptions.defaults());
  }

  /**
   * Opens (creating if needed) a RocksDB database in {@code dir}.
   *
   * @throws dev.symmetric.core.spi.StorageFailure if the database cannot be opened, for example
   *     because another process holds it
   */
  public static StorageEngine rocksDb(Path dir, RocksDbOptions options) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    return RocksDbStorageEngine.open(dir, options);
  }
}
