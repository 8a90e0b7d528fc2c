package dev.symmetric.core.internal.storage;

import dev.symmetric.core.spi.WriteBatch;
import java.util.Arrays;

/**
 * Translates an engine-neutral batch into a RocksDB one.
 *
 * <p>The batch is serialised in Java in RocksDB's own write-batch format and handed over in one
 * native call ({@code new org.rocksdb.WriteBatch(byte[])}), instead of one native call per
 * operation: a document write has several keys, and each crossing costs about as much as copying a
 * small value.
 *
 * <p>The format ({@code db/write_batch.cc}): a 12-byte header (8-byte sequence, left zero for the
 * database to assign, and a 4-byte count, both little-endian), then per operation a type byte and
 * its keys and values, each prefixed with its length as a base-128 varint.
 */
final class NativeBatches {
  static final int HEADER_BYTES = 12;
  static final byte TYPE_DELETE = 0x0;
  static final byte TYPE_PUT = 0x1;
  static final byte TYPE_DELETE_RANGE = 0xF;

  private NativeBatches() {}

  /** The caller owns (and must close) the returned batch. */
  static org.rocksdb.WriteBatch toNative(WriteBatch batch) {
    return new org.rocksdb.WriteBatch(serialize(batch));
  }

  /** {@code batch} in RocksDB's write-batch format. */
  static byte[] serialize(WriteBatch batch) {
    Sizer sizer = new Sizer();
    batch.forEach(sizer);
    if (sizer.size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("write batch larger than 2 GiB");
    }
    Serializer out = new Serializer((int) sizer.size);
    batch.forEach(out);
    return out.finish();
  }

  private static boolean inverted(byte[] from, byte[] to) {
    // RocksDB rejects an inverted range; the contract makes it delete nothing.
    return Arrays.compareUnsigned(from, to) >= 0;
  }

  private static int varIntBytes(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Exact serialised size, so the array handed to RocksDB is never copied again. */
  private static final class Sizer implements WriteBatch.Visitor {
    long size = HEADER_BYTES;

    @Override
    public void put(byte[] key, byte[] value) {
      size += 1 + varIntBytes(key.length) + key.length + varIntBytes(value.length) + value.length;
    }

    @Override
    public void delete(byte[] key) {
      size += 1 + varIntBytes(key.length) + key.length;
    }

    @Override
    public void deleteRange(byte[] from, byte[] to) {
      if (!inverted(from, to)) {
        size += 1 + varIntBytes(from.length) + from.length + varIntBytes(to.length) + to.length;
      }
    }
  }

  private static final class Serializer implements WriteBatch.Visitor {
    private final byte[] buf;
    private int size = HEADER_BYTES;
    private int count;

    Serializer(int bytes) {
      buf = new byte[bytes];
    }

    @Override
    public void put(byte[] key, byte[] value) {
      op(TYPE_PUT);
      bytes(key);
      bytes(value);
    }

    @Override
    public void delete(byte[] key) {
      op(TYPE_DELETE);
      bytes(key);
    }

    @Override
    public void deleteRange(byte[] from, byte[] to) {
      if (inverted(from, to)) {
        return;
      }
      op(TYPE_DELETE_RANGE);
      bytes(from);
      bytes(to);
    }

    private void op(byte type) {
      count++;
      buf[size++] = type;
    }

    private void bytes(byte[] b) {
      int v = b.length;
      while ((v & ~0x7F) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    byte[] finish() {
      // Sequence (bytes 0-7) stays zero; the count is little-endian in bytes 8-11.
      buf[8] = (byte) count;
      buf[9] = (byte) (count >>> 8);
      buf[10] = (byte) (count >>> 16);
      buf[11] = (byte) (count >>> 24);
      if (size != buf.length) {
        throw new IllegalStateException("write batch sized " + buf.length + " but wrote " + size);
      }
      return buf;
    }
  }
}
