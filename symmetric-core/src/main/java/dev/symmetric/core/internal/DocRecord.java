package dev.symmetric.core.internal;

import dev.symmetric.core.Revision;
import dev.symmetric.core.internal.revtree.RevTree;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the store keeps under a document's key: the sequence of its latest change, its revision
 * tree, and the body of its winning revision, so that reading a document's current version is one
 * point read. Bodies of other revisions (conflicts, retained ancestors) have keys of their own.
 * Immutable, so it can be cached and shared between threads; {@code winnerBody} is {@code null}
 * when the winner's body is not stored.
 *
 * <p>Encoded as the sequence (8 bytes), the tree's length (4 bytes), the tree, then a flag byte (1
 * when a body follows) and the body.
 */
record DocRecord(long seq, RevTree tree, byte[] winnerBody) {

  private static final int HEADER_BYTES = 12;

  byte[] encode() {
    byte[] t = tree.encode();
    int bodyBytes = winnerBody == null ? 0 : winnerBody.length;
    ByteBuffer out =
        ByteBuffer.allocate(HEADER_BYTES + t.length + 1 + bodyBytes)
            .putLong(seq)
            .putInt(t.length)
            .put(t);
    if (winnerBody == null) {
      out.put((byte) 0);
    } else {
      out.put((byte) 1).put(winnerBody);
    }
    return out.array();
  }

  static DocRecord decode(byte[] bytes) {
    if (bytes.length < HEADER_BYTES + 1) {
      throw new IllegalArgumentException("document record too short: " + bytes.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long seq = in.getLong();
    int treeLength = in.getInt();
    int flag = HEADER_BYTES + treeLength;
    if (treeLength < 0 || flag >= bytes.length) {
      throw new IllegalArgumentException(
          "document record of " + bytes.length + " bytes names a tree of " + treeLength);
    }
    RevTree tree = RevTree.decode(bytes, HEADER_BYTES, treeLength);
    byte[] body =
        switch (bytes[flag]) {
          case 0 -> null;
          case 1 -> Arrays.copyOfRange(bytes, flag + 1, bytes.length);
          default ->
              throw new IllegalArgumentException(
                  "document record has a bad body flag " + bytes[flag]);
        };
    if (body == null && flag + 1 != bytes.length) {
      throw new IllegalArgumentException("document record has bytes after its tree");
    }
    return new DocRecord(seq, tree, body);
  }

  /** The winning revision, or {@code null} for an empty tree. */
  Revision winner() {
    return tree.isEmpty() ? null : tree.winner().rev();
  }

  /** The body of {@code rev} when it is the winner kept in this record, else {@code null}. */
  byte[] inlineBody(Revision rev) {
    return winnerBody != null && rev.equals(winner()) ? winnerBody : null;
  }

  /**
   * Heap bytes this record holds, roughly: the record and tree objects, per revision its node,
   * leaf, links, revision and hash bytes (about 240 bytes in a heap histogram), and the body.
   */
  int weight() {
    return 96 + tree.size() * 240 + (winnerBody == null ? 0 : 16 + winnerBody.length);
  }
}
