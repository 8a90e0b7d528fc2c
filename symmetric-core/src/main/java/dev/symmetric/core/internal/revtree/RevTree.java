package dev.symmetric.core.internal.revtree;

import dev.symmetric.core.Revision;
import java.util.List;

/**
 * The revision tree of one document: an immutable set of revisions, each knowing its parent
 * revision (when known), and whether it is a deletion.
 *
 * <p>Leaves are the revisions no other revision in the tree names as parent. A revision whose
 * parent was stemmed away keeps the parent's id, so a later merge that brings the parent back
 * reconnects the branch instead of creating a false leaf.
 */
public final class RevTree {

  /** One revision in the tree. {@code parent} is {@code null} for a root. */
  public record Node(Revision rev, Revision parent, boolean deleted) {}

  /** A leaf with its deletion flag; the list returned by {@link #leaves()} is winner first. */
  public record Leaf(Revision rev, boolean deleted) {}

  /** The tree of a document with no revisions. */
  public static RevTree empty() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * A tree holding one path: {@code path.get(0)} is the newest revision (a leaf), each next element
   * its parent. {@code leafDeleted} flags the leaf; ancestors are not deletions.
   */
  public static RevTree ofPath(List<Revision> path, boolean leafDeleted) {
    throw new UnsupportedOperationException("TODO");
  }

  /** This tree with a new child {@code rev} of {@code parent} ({@code null}: a new root). */
  public RevTree addChild(Revision parent, Revision rev, boolean deleted) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The union of both trees: commutative, associative and idempotent. */
  public RevTree merge(RevTree other) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Drops every revision that is {@code limit} or more generations above each leaf it is an
   * ancestor of. Never drops a leaf. {@code limit} must be at least 1.
   */
  public RevTree stem(int limit) {
    throw new UnsupportedOperationException("TODO");
  }

  public boolean isEmpty() {
    throw new UnsupportedOperationException("TODO");
  }

  public int size() {
    throw new UnsupportedOperationException("TODO");
  }

  public boolean contains(Revision rev) {
    throw new UnsupportedOperationException("TODO");
  }

  public boolean isLeaf(Revision rev) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The node for {@code rev}, or {@code null}. */
  public Node node(Revision rev) {
    throw new UnsupportedOperationException("TODO");
  }

  /** All nodes, ordered by revision. */
  public List<Node> nodes() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The leaves ordered as CouchDB ranks them: non-deleted before deleted, then higher generation,
   * then greater hash. The first is the winner. Empty for an empty tree.
   */
  public List<Leaf> leaves() {
    throw new UnsupportedOperationException("TODO");
  }

  /** The winning leaf; the tree must not be empty. */
  public Leaf winner() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * {@code rev} and its known ancestors, newest first, at most {@code max} of them; stops at a root
   * or where a parent is not in the tree. Empty when {@code rev} is not in the tree.
   */
  public List<Revision> ancestry(Revision rev, int max) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The leaves that descend from {@code rev} (itself when it is a leaf); empty if unknown. */
  public List<Leaf> leavesUnder(Revision rev) {
    throw new UnsupportedOperationException("TODO");
  }

  /** A compact binary form; {@link #decode} reads it back to an equal tree. */
  public byte[] encode() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Reads what {@link #encode} wrote. */
  public static RevTree decode(byte[] bytes) {
    throw new UnsupportedOperationException("TODO");
  }
}
