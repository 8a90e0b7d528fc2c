package dev.symmetric.core.internal.storage;

import dev.symmetric.core.spi.WriteBatch;
import java.util.Arrays;
import org.rocksdb.RocksDBException;

/** Translates an engine-neutral batch into a RocksDB one. */
final class NativeBatches {
  private NativeBatches() {}

  /** The caller owns (and must close) the returned batch. */
  static org.rocksdb.WriteBatch toNative(WriteBatch batch) throws RocksDBException {
    org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch();
    try {
      batch.forEach(new Translator(nativeBatch));
      return nativeBatch;
    } catch (UncheckedRocksDbException e) {
      nativeBatch.close();
      throw e.getCause();
    } catch (RuntimeException | Error e) {
      nativeBatch.close();
      throw e;
    }
  }

  private record Translator(org.rocksdb.WriteBatch target) implements WriteBatch.Visitor {
    @Override
    public void put(byte[] key, byte[] value) {
      try {
        target.put(key, value);
      } catch (RocksDBException e) {
        throw new UncheckedRocksDbException(e);
      }
    }

    @Override
    public void delete(byte[] key) {
      try {
        target.delete(key);
      } catch (RocksDBException e) {
        throw new UncheckedRocksDbException(e);
      }
    }

    @Override
    public void deleteRange(byte[] from, byte[] to) {
      // RocksDB rejects an inverted range; the contract makes it delete nothing.
      if (Arrays.compareUnsigned(from, to) >= 0) {
        return;
      }
      try {
        target.deleteRange(from, to);
      } catch (RocksDBException e) {
        throw new UncheckedRocksDbException(e);
      }
    }
  }

  /** Carries a checked exception out of the visitor. */
  private static final class UncheckedRocksDbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedRocksDbException(RocksDBException cause) {
      super(cause);
    }

    @Override
    public synchronized RocksDBException getCause() {
      return (RocksDBException) super.getCause();
    }
  }
}
