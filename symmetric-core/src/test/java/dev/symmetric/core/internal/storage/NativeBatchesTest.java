package dev.symmetric.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.spi.WriteBatch;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

class NativeBatchesTest {

  @BeforeAll
  static void load() {
    RocksDB.loadLibrary();
  }

  private static byte[] bytes(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed + i * 31);
    }
    return b;
  }

  @Test
  void serialisedBatchIsByteForByteWhatRocksDbBuildsOpByOp() throws RocksDBException {
    // Lengths around the varint boundaries (127/128, 16383/16384) and an empty value.
    WriteBatch batch =
        new WriteBatch()
            .put(bytes(3, 1), bytes(127, 2))
            .put(bytes(128, 3), bytes(0, 4))
            .delete(bytes(16_383, 5))
            .deleteRange(bytes(4, 6), bytes(5, 7))
            .put(bytes(16_384, 8), bytes(70_000, 9));
    byte[] expected;
    try (org.rocksdb.WriteBatch reference = new org.rocksdb.WriteBatch()) {
      reference.put(bytes(3, 1), bytes(127, 2));
      reference.put(bytes(128, 3), bytes(0, 4));
      reference.delete(bytes(16_383, 5));
      reference.deleteRange(bytes(4, 6), bytes(5, 7));
      reference.put(bytes(16_384, 8), bytes(70_000, 9));
      expected = reference.data();
    }
    byte[] actual = NativeBatches.serialize(batch);
    assertThat(Arrays.equals(actual, expected)).isTrue();
    try (org.rocksdb.WriteBatch parsed = NativeBatches.toNative(batch)) {
      assertThat(parsed.count()).isEqualTo(5);
    }
  }

  @Test
  void invertedRangeIsLeftOutAndCountsNothing() throws RocksDBException {
    byte[] high = {9};
    byte[] low = {1};
    WriteBatch batch = new WriteBatch().deleteRange(high, low).put(low, high);
    try (org.rocksdb.WriteBatch parsed = NativeBatches.toNative(batch)) {
      assertThat(parsed.count()).isEqualTo(1);
      try (org.rocksdb.WriteBatch reference = new org.rocksdb.WriteBatch()) {
        reference.put(low, high);
        assertThat(parsed.data()).isEqualTo(reference.data());
      }
    }
  }

  @Test
  void emptyBatchIsAHeaderWithCountZero() {
    assertThat(NativeBatches.serialize(new WriteBatch())).hasSize(12).containsOnly(0);
  }
}
