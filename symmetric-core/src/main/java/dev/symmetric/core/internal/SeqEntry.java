package dev.symmetric.core.internal;

import dev.symmetric.core.Revision;
import dev.symmetric.core.internal.revtree.RevTree;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of a changes-index entry: the document id and its leaves, winner first, as they were at
 * that change. A changes feed without bodies is then one scan of the index, as CouchDB's
 * by-sequence tree, instead of a scan plus a record read per entry.
 *
 * <p>Each entry also carries the database's document and deleted-document counts as they were after
 * its change. The newest entry is never deleted before a newer one is written in the same batch, so
 * it always holds the current counts and its key the update sequence: a write needs no counters key
 * of its own, and opening a database reads them with one seek.
 */
record SeqEntry(String id, List<RevTree.Leaf> leaves, long docCount, long delCount) {

  static byte[] encode(byte[] idBytes, RevTree tree, long docCount, long delCount) {
    List<RevTree.Leaf> leaves = tree.leaves();
    ByteArrayOutputStream out = new ByteArrayOutputStream(idBytes.length + 8 + leaves.size() * 40);
    writeVarInt(out, idBytes.length);
    out.writeBytes(idBytes);
    writeVarInt(out, leaves.size());
    for (RevTree.Leaf leaf : leaves) {
      byte[] rev = leaf.rev().toString().getBytes(StandardCharsets.US_ASCII);
      out.write(leaf.deleted() ? 1 : 0);
      writeVarInt(out, rev.length);
      out.writeBytes(rev);
    }
    writeVarLong(out, docCount);
    writeVarLong(out, delCount);
    return out.toByteArray();
  }

  static SeqEntry decode(byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    int idLength = readVarInt(in);
    String id = new String(value, in.position(), idLength, StandardCharsets.UTF_8);
    in.position(in.position() + idLength);
    int count = readVarInt(in);
    if (count > in.remaining()) {
      throw new IllegalArgumentException("corrupt changes entry: " + count + " leaves");
    }
    List<RevTree.Leaf> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean deleted = in.get() != 0;
      int length = readVarInt(in);
      String rev = new String(value, in.position(), length, StandardCharsets.US_ASCII);
      in.position(in.position() + length);
      leaves.add(new RevTree.Leaf(Revision.parse(rev), deleted));
    }
    long docCount = readVarLong(in);
    long delCount = readVarLong(in);
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("corrupt changes entry: bytes after its counts");
    }
    return new SeqEntry(id, leaves, docCount, delCount);
  }

  private static void writeVarLong(ByteArrayOutputStream out, long v) {
    if (v < 0) {
      throw new IllegalArgumentException("a count cannot be negative: " + v);
    }
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long readVarLong(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; shift < 63 && in.hasRemaining(); shift += 7) {
      byte b = in.get();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("corrupt changes entry: bad count");
  }

  private static void writeVarInt(ByteArrayOutputStream out, int v) {
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  private static int readVarInt(ByteBuffer in) {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      byte b = in.get();
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0) {
          break;
        }
        return v;
      }
    }
    throw new IllegalArgumentException("corrupt changes entry: bad length");
  }
}
