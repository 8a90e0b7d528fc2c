package dev.symmetric.core.internal;

import dev.symmetric.core.internal.revtree.RevTree;
import java.nio.ByteBuffer;

/**
 * What the store keeps per document besides bodies: the sequence of its latest change and its
 * revision tree. Immutable, so it can be cached and shared between threads.
 */
record DocRecord(long seq, RevTree tree) {

  byte[] encode() {
    byte[] t = tree.encode();
    return ByteBuffer.allocate(8 + t.length).putLong(seq).put(t).array();
  }

  static DocRecord decode(byte[] bytes) {
    if (bytes.length < 8) {
      throw new IllegalArgumentException("document record too short: " + bytes.length + " bytes");
    }
    long seq = ByteBuffer.wrap(bytes, 0, 8).getLong();
    return new DocRecord(seq, RevTree.decode(bytes, 8, bytes.length - 8));
  }

  /**
   * Heap bytes this record holds, roughly: the record and tree objects, and per revision its node,
   * leaf, links, revision and hash bytes (about 240 bytes in a heap histogram).
   */
  int weight() {
    return 96 + tree.size() * 240;
  }
}
