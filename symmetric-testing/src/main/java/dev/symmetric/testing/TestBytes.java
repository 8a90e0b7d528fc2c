package dev.symmetric.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Byte-array helpers for the storage tests; hex strings make failures readable. */
final class TestBytes {
  private static final HexFormat HEX = HexFormat.of();

  private TestBytes() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes from ints, so {@code bytes(0x00, 0xFF)} reads naturally. */
  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  static byte[] longValue(long v) {
    return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
  }

  static long toLong(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  /** {@code prefix} followed by {@code n} big-endian, so numeric and key order agree. */
  static byte[] numbered(String prefix, int n) {
    byte[] p = utf8(prefix);
    return ByteBuffer.allocate(p.length + Integer.BYTES).put(p).putInt(n).array();
  }
}
