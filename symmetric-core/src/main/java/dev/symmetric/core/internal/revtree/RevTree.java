package dev.symmetric.core.internal.revtree;

import dev.symmetric.core.Revision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The revision tree of one document: an immutable set of revisions, each knowing its parent
 * revision (when known), and whether it is a deletion.
 *
 * <p>Leaves are the revisions no other revision in the tree names as parent. A revision whose
 * parent was stemmed away keeps the parent's id, so a later merge that brings the parent back
 * reconnects the branch instead of creating a false leaf.
 *
 * <p>Nodes are held in an array sorted by revision, so a parent always sits before its children
 * (its generation is one lower): merging is a linear merge of two sorted arrays, and walks from
 * leaves to roots or back need no maps. Leaves and parent links are computed once per instance, on
 * first use.
 */
public final class RevTree {

  /**
   * One revision in the tree. {@code parent} is {@code null} for a root.
   *
   * @throws IllegalArgumentException when {@code parent} is not one generation below {@code rev}
   */
  public record Node(Revision rev, Revision parent, boolean deleted) {
    public Node {
      Objects.requireNonNull(rev, "rev");
      if (parent != null && parent.generation() != rev.generation() - 1) {
        throw new IllegalArgumentException(
            "Parent " + parent + " of " + rev + " must be of generation " + (rev.generation() - 1));
      }
    }
  }

  /** A leaf with its deletion flag; the list returned by {@link #leaves()} is winner first. */
  public record Leaf(Revision rev, boolean deleted) {}

  /** CouchDB's winner order: live before deleted, then higher generation, then greater hash. */
  static final Comparator<Leaf> WINNER_FIRST =
      Comparator.comparing(Leaf::deleted)
          .thenComparing(Leaf::rev, Comparator.<Revision>reverseOrder());

  private static final Node[] NO_NODES = new Node[0];
  private static final RevTree EMPTY = new RevTree(NO_NODES);

  /** Sorted by revision, no duplicates; never mutated after construction. */
  private final Node[] nodes;

  // Lazily computed from nodes. Links only has final fields, so a racy publication is safe.
  private Links links;
  private int hash;

  private RevTree(Node[] nodes) {
    this.nodes = nodes;
  }

  /** Parent positions and leaves, derived from the nodes once. */
  private static final class Links {
    /** Index of each node's parent in {@code nodes}, or -1 for a root or a stemmed parent. */
    final int[] parentIndex;

    final boolean[] hasChild;
    final List<Leaf> leaves;

    Links(int[] parentIndex, boolean[] hasChild, List<Leaf> leaves) {
      this.parentIndex = parentIndex;
      this.hasChild = hasChild;
      this.leaves = leaves;
    }
  }

  /** The tree of a document with no revisions. */
  public static RevTree empty() {
    return EMPTY;
  }

  /**
   * A tree holding one path: {@code path.get(0)} is the newest revision (a leaf), each next element
   * its parent. {@code leafDeleted} flags the leaf; ancestors are not deletions.
   *
   * <p>The oldest element becomes a root even when its generation is above 1: the path does not say
   * who its parent is. Merged with a tree that holds older ancestors but not that revision, it
   * stays a separate root, as in CouchDB; merged with a tree that holds that revision with its
   * parent, it joins that tree.
   *
   * @throws IllegalArgumentException when {@code path} is empty or its generations do not decrease
   *     by exactly one from each element to the next
   */
  public static RevTree ofPath(List<Revision> path, boolean leafDeleted) {
    int n = path.size();
    if (n == 0) {
      throw new IllegalArgumentException("A revision path must not be empty");
    }
    Node[] nodes = new Node[n];
    // path is newest first; the array wants oldest first.
    for (int i = 0; i < n; i++) {
      Revision rev = Objects.requireNonNull(path.get(i), "path element");
      Revision parent = i + 1 < n ? path.get(i + 1) : null;
      if (parent != null && parent.generation() != rev.generation() - 1) {
        throw new IllegalArgumentException(
            "Revision path generations must decrease by one: " + rev + " then " + parent);
      }
      nodes[n - 1 - i] = new Node(rev, parent, i == 0 && leafDeleted);
    }
    return new RevTree(nodes);
  }

  /**
   * This tree with a new child {@code rev} of {@code parent} ({@code null}: a new root).
   *
   * <p>A root must be of generation 1; a path whose oldest known revision is newer goes through
   * {@link #ofPath}. {@code parent} need not be in the tree (it may have been stemmed). When {@code
   * rev} is already in the tree, the result equals merging this tree with the single node.
   *
   * @throws IllegalArgumentException when {@code rev} is not one generation above {@code parent},
   *     or {@code parent} is {@code null} and {@code rev} is not of generation 1
   */
  public RevTree addChild(Revision parent, Revision rev, boolean deleted) {
    Objects.requireNonNull(rev, "rev");
    if (parent == null && rev.generation() != 1) {
      throw new IllegalArgumentException(
          "A new root must be of generation 1, not " + rev + "; use ofPath for a partial path");
    }
    Node added = new Node(rev, parent, deleted);
    int at = indexOf(rev);
    if (at >= 0) {
      Node combined = combine(nodes[at], added);
      if (combined.equals(nodes[at])) {
        return this;
      }
      Node[] copy = nodes.clone();
      copy[at] = combined;
      return new RevTree(copy);
    }
    int insert = -at - 1;
    Node[] copy = new Node[nodes.length + 1];
    System.arraycopy(nodes, 0, copy, 0, insert);
    copy[insert] = added;
    System.arraycopy(nodes, insert, copy, insert + 1, nodes.length - insert);
    return new RevTree(copy);
  }

  /**
   * The union of both trees: commutative, associative and idempotent.
   *
   * <p>A revision held by both keeps the parent either names (the greater if they name different
   * ones, which well-formed histories never do) and is deleted if either says so. Does not stem.
   */
  public RevTree merge(RevTree other) {
    Node[] a = nodes;
    Node[] b = other.nodes;
    if (b.length == 0 || a == b) {
      return this;
    }
    if (a.length == 0) {
      return other;
    }
    Node[] out = new Node[a.length + b.length];
    boolean sameAsA = true;
    boolean sameAsB = true;
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length && j < b.length) {
      int c = a[i].rev().compareTo(b[j].rev());
      if (c < 0) {
        out[k++] = a[i++];
        sameAsB = false;
      } else if (c > 0) {
        out[k++] = b[j++];
        sameAsA = false;
      } else {
        Node x = a[i++];
        Node y = b[j++];
        Node combined = combine(x, y);
        sameAsA &= combined.equals(x);
        sameAsB &= combined.equals(y);
        out[k++] = combined;
      }
    }
    sameAsB &= i == a.length;
    sameAsA &= j == b.length;
    if (sameAsA) {
      return this;
    }
    if (sameAsB) {
      return other;
    }
    while (i < a.length) {
      out[k++] = a[i++];
    }
    while (j < b.length) {
      out[k++] = b[j++];
    }
    return new RevTree(k == out.length ? out : Arrays.copyOf(out, k));
  }

  /** Joins two records of the same revision so that the result does not depend on order. */
  private static Node combine(Node x, Node y) {
    Revision parent;
    if (x.parent() == null) {
      parent = y.parent();
    } else if (y.parent() == null || x.parent().compareTo(y.parent()) >= 0) {
      parent = x.parent();
    } else {
      parent = y.parent();
    }
    boolean deleted = x.deleted() || y.deleted();
    if (parent == x.parent() && deleted == x.deleted()) {
      return x;
    }
    if (parent == y.parent() && deleted == y.deleted()) {
      return y;
    }
    return new Node(x.rev(), parent, deleted);
  }

  /**
   * Drops every revision that is {@code limit} or more generations above each leaf it is an
   * ancestor of. Never drops a leaf. {@code limit} must be at least 1.
   *
   * <p>As in CouchDB, a revision stays while some leaf below it is fewer than {@code limit}
   * generations away, even if other branches through it are longer. Distances follow parent links
   * between revisions present in the tree. Revisions left without their parent keep its id. Linear
   * in the tree's size.
   */
  public RevTree stem(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("Revision limit must be at least 1, not " + limit);
    }
    int n = nodes.length;
    // Sorted by generation: if the whole span fits, nothing can be dropped.
    if (n == 0 || (long) nodes[n - 1].rev().generation() - nodes[0].rev().generation() < limit) {
      return this;
    }
    int[] parentIndex = links().parentIndex;
    // Generation of the nearest leaf below each node. Children come after their parent in the
    // array, so one backward pass pushes every leaf's generation up to all its ancestors.
    int[] nearestLeaf = new int[n];
    Arrays.fill(nearestLeaf, Integer.MAX_VALUE);
    int kept = 0;
    for (int i = n - 1; i >= 0; i--) {
      if (nearestLeaf[i] == Integer.MAX_VALUE) {
        nearestLeaf[i] = nodes[i].rev().generation(); // no child seen: a leaf
      }
      if (nearestLeaf[i] - nodes[i].rev().generation() < limit) {
        kept++;
      }
      int p = parentIndex[i];
      if (p >= 0 && nearestLeaf[p] > nearestLeaf[i]) {
        nearestLeaf[p] = nearestLeaf[i];
      }
    }
    if (kept == n) {
      return this;
    }
    Node[] out = new Node[kept];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (nearestLeaf[i] - nodes[i].rev().generation() < limit) {
        out[k++] = nodes[i];
      }
    }
    return new RevTree(out);
  }

  public boolean isEmpty() {
    return nodes.length == 0;
  }

  public int size() {
    return nodes.length;
  }

  public boolean contains(Revision rev) {
    return indexOf(rev) >= 0;
  }

  public boolean isLeaf(Revision rev) {
    int at = indexOf(rev);
    return at >= 0 && !links().hasChild[at];
  }

  /** The node for {@code rev}, or {@code null}. */
  public Node node(Revision rev) {
    int at = indexOf(rev);
    return at >= 0 ? nodes[at] : null;
  }

  /** All nodes, ordered by revision. */
  public List<Node> nodes() {
    return List.of(nodes);
  }

  /**
   * The leaves ordered as CouchDB ranks them: non-deleted before deleted, then higher generation,
   * then greater hash. The first is the winner. Empty for an empty tree.
   */
  public List<Leaf> leaves() {
    return links().leaves;
  }

  /**
   * The winning leaf; the tree must not be empty.
   *
   * @throws IllegalStateException when the tree is empty
   */
  public Leaf winner() {
    List<Leaf> leaves = links().leaves;
    if (leaves.isEmpty()) {
      throw new IllegalStateException("An empty revision tree has no winner");
    }
    return leaves.get(0);
  }

  /**
   * {@code rev} and its known ancestors, newest first, at most {@code max} of them; stops at a root
   * or where a parent is not in the tree. Empty when {@code rev} is not in the tree.
   */
  public List<Revision> ancestry(Revision rev, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative, not " + max);
    }
    int at = indexOf(rev);
    if (at < 0 || max == 0) {
      return List.of();
    }
    int[] parentIndex = links().parentIndex;
    List<Revision> out = new ArrayList<>(Math.min(max, nodes.length));
    for (int i = at; i >= 0 && out.size() < max; i = parentIndex[i]) {
      out.add(nodes[i].rev());
    }
    return List.copyOf(out);
  }

  /** The leaves that descend from {@code rev} (itself when it is a leaf); empty if unknown. */
  public List<Leaf> leavesUnder(Revision rev) {
    int at = indexOf(rev);
    if (at < 0) {
      return List.of();
    }
    Links links = links();
    if (links.leaves.size() == 1) {
      return links.leaves; // every node has a leaf below it, so here it is this one
    }
    // Mark rev's descendants in one forward pass (parents come before children).
    boolean[] under = new boolean[nodes.length];
    under[at] = true;
    for (int i = at + 1; i < nodes.length; i++) {
      int p = links.parentIndex[i];
      under[i] = p >= at && under[p];
    }
    List<Leaf> out = new ArrayList<>();
    for (Leaf leaf : links.leaves) {
      int i = indexOf(leaf.rev());
      if (under[i]) {
        out.add(leaf);
      }
    }
    return List.copyOf(out);
  }

  /** A compact binary form; {@link #decode} reads it back to an equal tree. */
  public byte[] encode() {
    return RevTreeCodec.encode(nodes, links().parentIndex);
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when {@code bytes} is not an encoded revision tree
   */
  public static RevTree decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Reads what {@link #encode} wrote into {@code bytes[offset, offset + length)}, so a tree stored
   * after other fields needs no copy.
   *
   * @throws IllegalArgumentException when that range is not exactly an encoded revision tree
   */
  public static RevTree decode(byte[] bytes, int offset, int length) {
    Node[] nodes = RevTreeCodec.decode(bytes, offset, length);
    return nodes.length == 0 ? EMPTY : new RevTree(nodes);
  }

  /** Position of {@code rev} in {@code nodes}, or {@code -(insertion point) - 1}. */
  private int indexOf(Revision rev) {
    return indexOf(rev, 0, nodes.length);
  }

  /**
   * Like {@link #indexOf(Revision)}, searching positions {@code from} to {@code to} (exclusive).
   */
  private int indexOf(Revision rev, int from, int to) {
    int lo = from;
    int hi = to - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = nodes[mid].rev().compareTo(rev);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  private Links links() {
    Links l = links;
    if (l == null) {
      l = computeLinks();
      links = l;
    }
    return l;
  }

  private Links computeLinks() {
    int n = nodes.length;
    int[] parentIndex = new int[n];
    boolean[] hasChild = new boolean[n];
    for (int i = 0; i < n; i++) {
      Revision parent = nodes[i].parent();
      int p = -1;
      if (parent != null) {
        // In a linear history the parent is the previous node; try that before searching.
        if (i > 0 && nodes[i - 1].rev().equals(parent)) {
          p = i - 1;
        } else {
          p = Math.max(-1, indexOf(parent, 0, i));
        }
      }
      parentIndex[i] = p;
      if (p >= 0) {
        hasChild[p] = true;
      }
    }
    List<Leaf> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!hasChild[i]) {
        leaves.add(new Leaf(nodes[i].rev(), nodes[i].deleted()));
      }
    }
    leaves.sort(WINNER_FIRST);
    return new Links(parentIndex, hasChild, List.copyOf(leaves));
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof RevTree t && Arrays.equals(nodes, t.nodes));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(nodes);
      hash = h;
    }
    return h;
  }

  /** Lists nodes oldest first as {@code rev<parent}, with {@code *} marking deletions. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("RevTree[");
    for (int i = 0; i < nodes.length; i++) {
      Node node = nodes[i];
      sb.append(i == 0 ? "" : ", ").append(node.rev());
      if (node.parent() != null) {
        sb.append('<').append(node.parent());
      }
      if (node.deleted()) {
        sb.append('*');
      }
    }
    return sb.append(']').toString();
  }
}
