package dev.symmetric.core.internal;

import java.nio.ByteBuffer;

/** What the store keeps about a database under its name. */
record DatabaseMeta(long dbId, long instanceStartTime, int revsLimit) {

  byte[] encode() {
    return ByteBuffer.allocate(20)
        .putLong(dbId)
        .putLong(instanceStartTime)
        .putInt(revsLimit)
        .array();
  }

  static DatabaseMeta decode(byte[] b) {
    if (b.length != 20) {
      throw new IllegalArgumentException("database metadata has " + b.length + " bytes, not 20");
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new DatabaseMeta(buf.getLong(), buf.getLong(), buf.getInt());
  }
}
