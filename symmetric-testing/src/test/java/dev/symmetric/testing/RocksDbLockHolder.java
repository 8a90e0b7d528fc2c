package dev.symmetric.testing;

import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.spi.StorageEngine;
import java.io.IOException;
import java.nio.file.Path;

/** Run as a separate process: holds a RocksDB directory open until its stdin closes. */
public final class RocksDbLockHolder {
  static final String READY = "locked";

  private RocksDbLockHolder() {}

  public static void main(String[] args) throws IOException {
    try (StorageEngine engine = StorageEngines.rocksDb(Path.of(args[0]))) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() != -1) {
        // Wait for the parent to close our stdin.
      }
    }
  }
}
