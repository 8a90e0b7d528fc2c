package dev.symmetric.core.internal.storage;

import dev.symmetric.core.spi.StorageFailure;
import org.rocksdb.RocksDB;

/** Loads the RocksDB native library once per class loader. */
final class NativeLibrary {
  private static volatile boolean loaded;

  private NativeLibrary() {}

  static void load() {
    if (loaded) {
      return;
    }
    synchronized (NativeLibrary.class) {
      if (loaded) {
        return;
      }
      try {
        RocksDB.loadLibrary();
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        throw new StorageFailure(
            "The RocksDB native library does not load on "
                + System.getProperty("os.name")
                + "/"
                + System.getProperty("os.arch")
                + "; use a supported platform or StorageEngines.inMemory(): "
                + e,
            e);
      }
      loaded = true;
    }
  }
}
