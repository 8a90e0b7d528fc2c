package dev.symmetric.core.internal.storage;

import dev.symmetric.core.internal.storage.PersistentTree.Node;
import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.KeyRange;
import java.util.ArrayDeque;

/** Walks one immutable tree root in order; the stack never holds more than the tree's depth. */
final class TreeCursor implements Cursor {
  private final ArrayDeque<Node> stack = new ArrayDeque<>();
  private final byte[] from;
  private final byte[] to;
  private final boolean descending;
  private final Runnable ensureOwnerOpen;
  private Node current;
  private boolean closed;

  /** {@code ensureOwnerOpen} throws once the engine or snapshot behind this cursor is closed. */
  TreeCursor(Node root, KeyRange range, Runnable ensureOwnerOpen) {
    this.from = range.from();
    this.to = range.to();
    this.descending = range.isDescending();
    this.ensureOwnerOpen = ensureOwnerOpen;
    Node n = root;
    while (n != null) {
      if (descending) {
        if (to == null || PersistentTree.compare(n.key, to) < 0) {
          stack.push(n);
          n = n.right;
        } else {
          n = n.left;
        }
      } else {
        if (from == null || PersistentTree.compare(n.key, from) >= 0) {
          stack.push(n);
          n = n.left;
        } else {
          n = n.right;
        }
      }
    }
  }

  @Override
  public boolean next() {
    ensureOpen();
    current = stack.poll();
    if (current == null) {
      return false;
    }
    if (descending) {
      pushSpine(current.left, false);
      if (from != null && PersistentTree.compare(current.key, from) < 0) {
        return exhausted();
      }
    } else {
      pushSpine(current.right, true);
      if (to != null && PersistentTree.compare(current.key, to) >= 0) {
        return exhausted();
      }
    }
    return true;
  }

  private void pushSpine(Node n, boolean leftward) {
    while (n != null) {
      stack.push(n);
      n = leftward ? n.left : n.right;
    }
  }

  private boolean exhausted() {
    stack.clear();
    current = null;
    return false;
  }

  @Override
  public byte[] key() {
    return currentNode().key.clone();
  }

  @Override
  public byte[] value() {
    return currentNode().value.clone();
  }

  private Node currentNode() {
    ensureOpen();
    if (current == null) {
      throw new IllegalStateException("no current entry: call next() and check it returned true");
    }
    return current;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("cursor is closed");
    }
    ensureOwnerOpen.run();
  }

  @Override
  public void close() {
    closed = true;
    current = null;
    stack.clear();
  }
}
