package dev.symmetric.core.internal.revtree;

import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.Revision;
import dev.symmetric.core.internal.revtree.RevTree.Node;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The binary form of a {@link RevTree}, written once per document update, so it is kept small.
 *
 * <pre>
 * tree  := version(1) varint(count) node*            nodes in revision order
 * node  := flags(1) varint(generation - previous node's generation) hash [parent]
 * hash  := 16 raw bytes                              when 32 lowercase hex digits (flag HEX)
 *        | varint(length) UTF-8 bytes                otherwise
 * parent:= varint(distance back to the parent node)  when the parent is in the tree
 *        | hash                                      when it was stemmed (generation implied)
 * </pre>
 *
 * Generations are delta-coded and in-tree parents are back references, so a linear history of
 * CouchDB-style revisions costs about 19 bytes per revision.
 */
final class RevTreeCodec {

  static final int VERSION = 1;

  private static final int DELETED = 1;
  private static final int HEX = 1 << 1;
  private static final int PARENT_SHIFT = 2;
  private static final int PARENT_NONE = 0;
  private static final int PARENT_REF = 1;
  private static final int PARENT_HEX = 2;
  private static final int PARENT_STRING = 3;
  private static final int KNOWN_FLAGS = DELETED | HEX | (3 << PARENT_SHIFT);

  private static final int HEX_CHARS = 32;
  private static final int HEX_BYTES = HEX_CHARS / 2;

  /** The smallest node: flags, generation delta, hash length and one character. */
  private static final int NODE_BYTES_MIN = 4;

  private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private RevTreeCodec() {}

  static byte[] encode(Node[] nodes, int[] parentIndex) {
    Writer w = new Writer(8 + nodes.length * 20);
    w.write(VERSION);
    w.writeVarint(nodes.length);
    int previousGeneration = 0;
    for (int i = 0; i < nodes.length; i++) {
      Node node = nodes[i];
      String hash = node.rev().hash();
      Revision parent = node.parent();
      int parentKind;
      if (parent == null) {
        parentKind = PARENT_NONE;
      } else if (parentIndex[i] >= 0) {
        parentKind = PARENT_REF;
      } else {
        parentKind = isLowerHex(parent.hash()) ? PARENT_HEX : PARENT_STRING;
      }
      int flags =
          (node.deleted() ? DELETED : 0)
              | (isLowerHex(hash) ? HEX : 0)
              | (parentKind << PARENT_SHIFT);
      w.write(flags);
      w.writeVarint(node.rev().generation() - previousGeneration);
      previousGeneration = node.rev().generation();
      w.writeHash(hash, (flags & HEX) != 0);
      if (parentKind == PARENT_REF) {
        w.writeVarint(i - parentIndex[i]);
      } else if (parentKind != PARENT_NONE) {
        w.writeHash(parent.hash(), parentKind == PARENT_HEX);
      }
    }
    return w.toByteArray();
  }

  static Node[] decode(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    Reader r = new Reader(bytes, offset, offset + length);
    int version = r.readByte("version");
    if (version != VERSION) {
      throw corrupt("unsupported version " + version);
    }
    int count = r.readVarint("node count");
    if (count > r.remaining() / NODE_BYTES_MIN) {
      throw corrupt("node count " + count + " exceeds what " + r.remaining() + " bytes can hold");
    }
    Node[] nodes = new Node[count];
    int generation = 0;
    for (int i = 0; i < count; i++) {
      int flags = r.readByte("node flags");
      if ((flags & ~KNOWN_FLAGS) != 0) {
        throw corrupt("unknown flags " + Integer.toHexString(flags) + " in node " + i);
      }
      long nextGeneration = (long) generation + r.readVarint("generation");
      if (nextGeneration > Integer.MAX_VALUE) {
        throw corrupt("generation overflow in node " + i);
      }
      generation = (int) nextGeneration;
      Revision rev = revision(generation, r.readHash((flags & HEX) != 0));
      if (i > 0 && nodes[i - 1].rev().compareTo(rev) >= 0) {
        throw corrupt("node " + rev + " out of order after " + nodes[i - 1].rev());
      }
      Revision parent;
      int parentKind = (flags >>> PARENT_SHIFT) & 3;
      if (parentKind == PARENT_NONE) {
        parent = null;
      } else if (parentKind == PARENT_REF) {
        int distance = r.readVarint("parent reference");
        if (distance < 1 || distance > i) {
          throw corrupt("parent reference " + distance + " out of range in node " + i);
        }
        parent = nodes[i - distance].rev(); // shares the instance
      } else {
        parent = revision(generation - 1, r.readHash(parentKind == PARENT_HEX));
      }
      try {
        nodes[i] = new Node(rev, parent, (flags & DELETED) != 0);
      } catch (IllegalArgumentException e) {
        throw corrupt(e.getMessage());
      }
    }
    if (r.remaining() != 0) {
      throw corrupt(r.remaining() + " trailing bytes");
    }
    return nodes;
  }

  private static Revision revision(int generation, String hash) {
    try {
      return new Revision(generation, hash);
    } catch (BadRequestException e) {
      throw corrupt("invalid revision " + generation + "-" + hash + ": " + e.getMessage());
    }
  }

  static boolean isLowerHex(String hash) {
    if (hash.length() != HEX_CHARS) {
      return false;
    }
    for (int i = 0; i < HEX_CHARS; i++) {
      char c = hash.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException corrupt(String detail) {
    return new IllegalArgumentException("Corrupt encoded revision tree: " + detail);
  }

  private static final class Writer {
    private byte[] buf;
    private int size;

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    void write(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    /** The value of a digit already checked by {@link #isLowerHex}. */
    private static int hexValue(char c) {
      return c <= '9' ? c - '0' : c - 'a' + 10;
    }

    void writeVarint(int value) {
      while ((value & ~0x7f) != 0) {
        write((value & 0x7f) | 0x80);
        value >>>= 7;
      }
      write(value);
    }

    void writeHash(String hash, boolean hex) {
      if (hex) {
        ensure(HEX_BYTES);
        for (int i = 0; i < HEX_CHARS; i += 2) {
          buf[size++] = (byte) (hexValue(hash.charAt(i)) << 4 | hexValue(hash.charAt(i + 1)));
        }
      } else {
        byte[] utf8 = hash.getBytes(StandardCharsets.UTF_8);
        writeVarint(utf8.length);
        for (byte b : utf8) {
          write(b);
        }
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  private static final class Reader {
    private final byte[] buf;
    private final int end;
    private int pos;

    Reader(byte[] buf, int from, int end) {
      this.buf = buf;
      this.pos = from;
      this.end = end;
    }

    int remaining() {
      return end - pos;
    }

    int readByte(String what) {
      if (pos >= end) {
        throw corrupt("truncated at " + what);
      }
      return buf[pos++] & 0xff;
    }

    /** A non-negative int in at most five bytes. */
    int readVarint(String what) {
      long value = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = readByte(what);
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          if (value > Integer.MAX_VALUE) {
            throw corrupt(what + " too large");
          }
          return (int) value;
        }
      }
      throw corrupt(what + " is not a valid varint");
    }

    String readHash(boolean hex) {
      if (hex) {
        if (remaining() < HEX_BYTES) {
          throw corrupt("truncated hash");
        }
        byte[] chars = new byte[HEX_CHARS];
        for (int i = 0; i < HEX_BYTES; i++) {
          int b = buf[pos++] & 0xff;
          chars[2 * i] = LOWER_HEX[b >>> 4];
          chars[2 * i + 1] = LOWER_HEX[b & 0xf];
        }
        return new String(chars, StandardCharsets.US_ASCII);
      }
      int length = readVarint("hash length");
      if (length < 1 || length > Revision.HASH_LENGTH_MAX || length > remaining()) {
        throw corrupt("hash length " + length + " with " + remaining() + " bytes left");
      }
      String hash = new String(buf, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return hash;
    }
  }
}
