package dev.symmetric.core.internal;

import java.nio.ByteBuffer;

/**
 * A database's counters, published as one value after each commit so readers see a matching set.
 */
record DatabaseState(long updateSeq, long docCount, long delCount) {

  static final DatabaseState EMPTY = new DatabaseState(0, 0, 0);

  byte[] encode() {
    return ByteBuffer.allocate(24).putLong(updateSeq).putLong(docCount).putLong(delCount).array();
  }

  static DatabaseState decode(byte[] b) {
    if (b == null) {
      return EMPTY;
    }
    if (b.length != 24) {
      throw new IllegalArgumentException("database counters have " + b.length + " bytes, not 24");
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new DatabaseState(buf.getLong(), buf.getLong(), buf.getLong());
  }
}
