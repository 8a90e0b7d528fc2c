package dev.symmetric.core.internal.storage;

import java.util.Arrays;

/**
 * An immutable treap ordered by unsigned key comparison. Every update returns a new root and shares
 * untouched subtrees with the old one, so a snapshot is just a root reference: O(1) to take and
 * never disturbed by later writes.
 *
 * <p>Priorities are random, which keeps the expected depth logarithmic whatever the key order.
 */
final class PersistentTree {

  static final class Node {
    final byte[] key;
    final byte[] value;
    final int priority;
    final Node left;
    final Node right;
    final int count;
    final long bytes;

    Node(byte[] key, byte[] value, int priority, Node left, Node right) {
      this.key = key;
      this.value = value;
      this.priority = priority;
      this.left = left;
      this.right = right;
      this.count = 1 + count(left) + count(right);
      this.bytes = key.length + value.length + bytes(left) + bytes(right);
    }

    Node withLeft(Node newLeft) {
      return newLeft == left ? this : new Node(key, value, priority, newLeft, right);
    }

    Node withRight(Node newRight) {
      return newRight == right ? this : new Node(key, value, priority, left, newRight);
    }
  }

  private PersistentTree() {}

  static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  static int count(Node n) {
    return n == null ? 0 : n.count;
  }

  static long bytes(Node n) {
    return n == null ? 0 : n.bytes;
  }

  static byte[] get(Node n, byte[] key) {
    while (n != null) {
      int c = compare(key, n.key);
      if (c == 0) {
        return n.value;
      }
      n = c < 0 ? n.left : n.right;
    }
    return null;
  }

  /** Inserts or replaces {@code key}; {@code priority} is used only if a new node is placed. */
  static Node put(Node n, byte[] key, byte[] value, int priority) {
    if (n == null) {
      return new Node(key, value, priority, null, null);
    }
    int c = compare(key, n.key);
    if (c == 0) {
      return new Node(key, value, n.priority, n.left, n.right);
    }
    if (priority > n.priority) {
      // The new node belongs above n: split n around the key (dropping an old copy of it).
      Node[] parts = splitAround(n, key);
      return new Node(key, value, priority, parts[0], parts[1]);
    }
    return c < 0
        ? n.withLeft(put(n.left, key, value, priority))
        : n.withRight(put(n.right, key, value, priority));
  }

  static Node remove(Node n, byte[] key) {
    if (n == null) {
      return null;
    }
    int c = compare(key, n.key);
    if (c == 0) {
      return merge(n.left, n.right);
    }
    return c < 0 ? n.withLeft(remove(n.left, key)) : n.withRight(remove(n.right, key));
  }

  /** Removes every key in {@code [from, to)}; an empty or inverted range removes nothing. */
  static Node removeRange(Node n, byte[] from, byte[] to) {
    if (n == null || compare(from, to) >= 0) {
      return n;
    }
    Node[] low = splitBelow(n, from);
    Node[] high = splitBelow(low[1], to);
    return high[0] == null ? n : merge(low[0], high[1]);
  }

  /** Splits into keys below {@code key} and keys at or above it. */
  private static Node[] splitBelow(Node n, byte[] key) {
    if (n == null) {
      return new Node[2];
    }
    if (compare(n.key, key) < 0) {
      Node[] parts = splitBelow(n.right, key);
      parts[0] = n.withRight(parts[0]);
      return parts;
    }
    Node[] parts = splitBelow(n.left, key);
    parts[1] = n.withLeft(parts[1]);
    return parts;
  }

  /** Splits into keys below and above {@code key}, leaving {@code key} itself out. */
  private static Node[] splitAround(Node n, byte[] key) {
    if (n == null) {
      return new Node[2];
    }
    int c = compare(n.key, key);
    if (c == 0) {
      return new Node[] {n.left, n.right};
    }
    if (c < 0) {
      Node[] parts = splitAround(n.right, key);
      parts[0] = n.withRight(parts[0]);
      return parts;
    }
    Node[] parts = splitAround(n.left, key);
    parts[1] = n.withLeft(parts[1]);
    return parts;
  }

  /** Joins two trees where every key of {@code a} is below every key of {@code b}. */
  private static Node merge(Node a, Node b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.priority > b.priority ? a.withRight(merge(a.right, b)) : b.withLeft(merge(a, b.left));
  }
}
