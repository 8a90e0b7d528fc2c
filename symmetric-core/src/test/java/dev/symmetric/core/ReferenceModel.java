package dev.symmetric.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A naive model of one database, written for obviousness rather than speed: each document is a map
 * from revision to (parent, deleted), leaves are found by scanning, the winner by sorting, and
 * stemming by walking up from every leaf. Reads answer with the public result types so a test can
 * compare them with a real {@link Database} field by field.
 *
 * <p>New revisions of {@code new_edits=true} writes come from the store under test (the model does
 * not recompute content hashes), but the model decides on its own whether a write must succeed, and
 * remembers which edit produced which revision so the same edit must produce it again.
 */
final class ReferenceModel {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One revision of a document tree: its parent (null for a root) and whether it deletes. */
  record Node(Revision parent, boolean deleted) {}

  record Leaf(Revision rev, boolean deleted) {}

  /** CouchDB's order: live before deleted, then higher generation, then greater hash. */
  static final Comparator<Leaf> WINNER_FIRST =
      Comparator.comparing(Leaf::deleted)
          .thenComparing((Leaf l) -> l.rev().generation(), Comparator.reverseOrder())
          .thenComparing((Leaf l) -> l.rev().hash(), Comparator.reverseOrder());

  private static final class Doc {
    Map<Revision, Node> tree = new HashMap<>();
    final Map<Revision, ObjectNode> bodies = new HashMap<>();
    long seq;
  }

  private record Local(int counter, ObjectNode body) {}

  private final boolean retainNonLeafBodies;
  private final TreeMap<String, Doc> docs = new TreeMap<>();
  private final TreeMap<String, Local> locals = new TreeMap<>();

  /** Edits seen so far ("parent|deleted|body") and the revision each produced. */
  private final Map<String, Revision> edits = new HashMap<>();

  private long updateSeq;
  private int revsLimit;

  ReferenceModel(int revsLimit, boolean retainNonLeafBodies) {
    this.revsLimit = revsLimit;
    this.retainNonLeafBodies = retainNonLeafBodies;
  }

  // ---- writes; each returns the outcome as DatabaseModelTest renders it ----

  /**
   * A {@code new_edits=true} write. {@code answered} is the revision the store under test returned
   * (or null when it refused); the model uses it only when it expects success with a revision it
   * has not seen before.
   */
  String edit(String id, Revision rev, boolean deleted, ObjectNode body, Revision answered) {
    if (!validId(id)) {
      return "error illegal_docid";
    }
    Doc doc = docs.get(id);
    Map<Revision, Node> tree = doc == null ? Map.of() : doc.tree;
    Revision parent;
    if (tree.isEmpty()) {
      if (rev != null) {
        return "error conflict";
      }
      parent = null;
    } else if (rev == null) {
      Leaf winner = leaves(tree).get(0);
      if (!winner.deleted()) {
        return "error conflict";
      }
      parent = winner.rev();
    } else {
      if (!isLeaf(tree, rev)) {
        return "error conflict";
      }
      parent = rev;
    }
    String key = parent + "|" + deleted + "|" + body;
    Revision next = edits.get(key);
    int generation = parent == null ? 1 : parent.generation() + 1;
    if (next != null) {
      if (tree.containsKey(next)) {
        return "error conflict";
      }
    } else {
      if (answered == null || answered.generation() != generation || tree.containsKey(answered)) {
        return "ok <a new revision of generation " + generation + ">";
      }
      next = answered;
      edits.put(key, next);
    }
    Map<Revision, Node> grown = new HashMap<>(tree);
    grown.put(next, new Node(parent, deleted));
    stem(grown, revsLimit);
    if (!grown.containsKey(next) || !isLeaf(grown, next)) {
      return "error conflict";
    }
    Doc d = docs.computeIfAbsent(id, k -> new Doc());
    d.tree = grown;
    d.bodies.put(next, body.deepCopy());
    changed(d);
    return "ok " + next;
  }

  /** A {@code new_edits=false} write of {@code path} (newest first); the newest gets the body. */
  String merge(String id, List<Revision> path, boolean deleted, ObjectNode body) {
    if (!validId(id)) {
      return "error illegal_docid";
    }
    Doc doc = docs.get(id);
    Map<Revision, Node> tree = doc == null ? Map.of() : doc.tree;
    Map<Revision, Node> merged = new HashMap<>(tree);
    if (tree.containsKey(path.get(0))) {
      deleted = tree.get(path.get(0)).deleted();
    }
    for (int i = 0; i < path.size(); i++) {
      Revision rev = path.get(i);
      Node incoming = new Node(i + 1 < path.size() ? path.get(i + 1) : null, i == 0 && deleted);
      Node existing = merged.get(rev);
      merged.put(rev, existing == null ? incoming : combine(existing, incoming));
    }
    stem(merged, revsLimit);
    Revision rev = path.get(0);
    if (merged.equals(tree)) {
      return "ok " + rev;
    }
    Doc d = docs.computeIfAbsent(id, k -> new Doc());
    d.tree = merged;
    if (!tree.containsKey(rev)
        && merged.containsKey(rev)
        && (retainNonLeafBodies || isLeaf(merged, rev))) {
      d.bodies.put(rev, body.deepCopy());
    }
    changed(d);
    return "ok " + rev;
  }

  /** The same revision named twice: the greater parent, and deleted if either says so. */
  private static Node combine(Node a, Node b) {
    Revision parent;
    if (a.parent() == null) {
      parent = b.parent();
    } else if (b.parent() == null) {
      parent = a.parent();
    } else {
      parent = a.parent().compareTo(b.parent()) >= 0 ? a.parent() : b.parent();
    }
    return new Node(parent, a.deleted() || b.deleted());
  }

  private void changed(Doc d) {
    d.bodies
        .keySet()
        .removeIf(r -> !d.tree.containsKey(r) || (!retainNonLeafBodies && !isLeaf(d.tree, r)));
    d.seq = ++updateSeq;
  }

  String putLocal(String localId, Revision given, ObjectNode body) {
    Local current = locals.get(localId);
    int now = current == null ? 0 : current.counter();
    String refused = checkLocalRev(current, now, given);
    if (refused != null) {
      return refused;
    }
    locals.put(localId, new Local(now + 1, body.deepCopy()));
    return "ok 0-" + (now + 1);
  }

  String deleteLocal(String localId, Revision given) {
    Local current = locals.get(localId);
    if (current == null) {
      return "error not_found/missing";
    }
    String refused = checkLocalRev(current, current.counter(), given);
    if (refused != null) {
      return refused;
    }
    locals.remove(localId);
    return "ok";
  }

  private static String checkLocalRev(Local current, int now, Revision given) {
    boolean matches =
        current == null ? given == null : given != null && given.equals(new Revision(0, "" + now));
    if (!matches) {
      return "error conflict";
    }
    return null;
  }

  void revsLimit(int limit) {
    revsLimit = limit;
  }

  /** Bodies of revisions that are not leaves go; returns how many. */
  long compact() {
    long removed = 0;
    for (Doc d : docs.values()) {
      List<Revision> inner = d.bodies.keySet().stream().filter(r -> !isLeaf(d.tree, r)).toList();
      inner.forEach(d.bodies::remove);
      removed += inner.size();
    }
    return removed;
  }

  // ---- reads ----

  DatabaseInfo info(String name) {
    long live = docs.values().stream().filter(d -> !leaves(d.tree).get(0).deleted()).count();
    return new DatabaseInfo(name, live, docs.size() - live, updateSeq, 0, revsLimit);
  }

  Set<String> ids() {
    return docs.keySet();
  }

  /** Every revision of the document's tree, in revision order. */
  List<Revision> revisions(String id) {
    Doc d = docs.get(id);
    return d == null ? List.of() : d.tree.keySet().stream().sorted().toList();
  }

  List<Revision> leafRevs(String id) {
    Doc d = docs.get(id);
    return d == null ? List.of() : leaves(d.tree).stream().map(Leaf::rev).toList();
  }

  boolean isLeaf(String id, Revision rev) {
    Doc d = docs.get(id);
    return d != null && isLeaf(d.tree, rev);
  }

  /** {@code rev} and its ancestors present in the tree, newest first. */
  List<Revision> ancestry(String id, Revision rev) {
    Doc d = docs.get(id);
    return d == null ? List.of() : ancestry(d.tree, rev, Integer.MAX_VALUE);
  }

  Integer localCounter(String localId) {
    Local l = locals.get(localId);
    return l == null ? null : l.counter();
  }

  Document get(String id, GetOptions o) {
    Doc d = docs.get(id);
    if (d == null) {
      throw new NotFoundException("missing");
    }
    Revision rev;
    if (o.rev() == null) {
      Leaf winner = leaves(d.tree).get(0);
      if (winner.deleted()) {
        throw new NotFoundException("deleted");
      }
      rev = winner.rev();
    } else {
      rev = o.rev();
      if (!d.tree.containsKey(rev)) {
        throw new NotFoundException("missing");
      }
      if (o.latest() && !isLeaf(d.tree, rev)) {
        rev = leavesUnder(d.tree, rev).get(0);
      }
    }
    Document doc = documentAt(id, d, rev, o);
    if (doc == null) {
      throw new NotFoundException("missing");
    }
    return doc;
  }

  private Document documentAt(String id, Doc d, Revision rev, GetOptions o) {
    ObjectNode body = d.bodies.get(rev);
    if (body == null) {
      return null;
    }
    List<Revision> conflicts = new ArrayList<>();
    List<Revision> deletedConflicts = new ArrayList<>();
    for (Leaf leaf : leaves(d.tree)) {
      if (!leaf.rev().equals(rev)) {
        (leaf.deleted() ? deletedConflicts : conflicts).add(leaf.rev());
      }
    }
    List<RevInfo> revsInfo = new ArrayList<>();
    for (Revision r : ancestry(d.tree, rev, Integer.MAX_VALUE)) {
      String status =
          d.tree.get(r).deleted() ? "deleted" : d.bodies.containsKey(r) ? "available" : "missing";
      revsInfo.add(new RevInfo(r, status));
    }
    return new Document(
        id,
        rev,
        d.tree.get(rev).deleted(),
        bytes(body),
        o.revisions() ? ancestry(d.tree, rev, Integer.MAX_VALUE) : null,
        o.conflicts() ? conflicts : null,
        o.deletedConflicts() ? deletedConflicts : null,
        o.revsInfo() ? revsInfo : null);
  }

  List<OpenRevResult> openRevs(String id, List<Revision> revs, boolean latest, boolean revisions) {
    Doc d = docs.get(id);
    GetOptions o = GetOptions.defaults().withRevisions(revisions);
    if (revs == null) {
      if (d == null) {
        throw new NotFoundException("missing");
      }
      List<OpenRevResult> out = new ArrayList<>();
      for (Leaf leaf : leaves(d.tree)) {
        out.add(openRev(id, d, leaf.rev(), o));
      }
      return out;
    }
    Map<Revision, OpenRevResult> out = new LinkedHashMap<>();
    for (Revision r : revs) {
      if (d == null || !d.tree.containsKey(r)) {
        out.putIfAbsent(r, OpenRevResult.missing(r));
        continue;
      }
      List<Revision> targets = latest ? leavesUnder(d.tree, r) : List.of(r);
      for (Revision t : targets) {
        out.putIfAbsent(t, openRev(id, d, t, o));
      }
    }
    return new ArrayList<>(out.values());
  }

  private OpenRevResult openRev(String id, Doc d, Revision rev, GetOptions o) {
    Document doc = documentAt(id, d, rev, o);
    return doc == null ? OpenRevResult.missing(rev) : OpenRevResult.ok(doc);
  }

  Map<String, RevsDiff> revsDiff(Map<String, List<Revision>> asked) {
    Map<String, RevsDiff> out = new LinkedHashMap<>();
    asked.forEach(
        (id, revs) -> {
          Doc d = docs.get(id);
          Set<Revision> missing = new LinkedHashSet<>();
          for (Revision r : revs) {
            if (d == null || !d.tree.containsKey(r)) {
              missing.add(r);
            }
          }
          if (missing.isEmpty()) {
            return;
          }
          int newest = missing.stream().mapToInt(Revision::generation).max().orElse(0);
          List<Revision> ancestors = new ArrayList<>();
          if (d != null) {
            for (Leaf leaf : leaves(d.tree)) {
              if (leaf.rev().generation() < newest) {
                ancestors.add(leaf.rev());
              }
            }
          }
          out.put(id, new RevsDiff(new ArrayList<>(missing), ancestors));
        });
    return out;
  }

  /** Changes after {@code since}, oldest first, at most {@code limit}, each document once. */
  ChangesResult changes(long since, int limit, boolean allLeaves) {
    List<Change> all = new ArrayList<>();
    docs.entrySet().stream()
        .sorted(Comparator.comparingLong(e -> e.getValue().seq))
        .filter(e -> e.getValue().seq > since)
        .forEach(
            e -> {
              List<Leaf> leaves = leaves(e.getValue().tree);
              List<Revision> revs =
                  allLeaves
                      ? leaves.stream().map(Leaf::rev).toList()
                      : List.of(leaves.get(0).rev());
              all.add(
                  new Change(e.getValue().seq, e.getKey(), revs, leaves.get(0).deleted(), null));
            });
    List<Change> page = all.subList(0, Math.min(limit, all.size()));
    long pending = all.size() - page.size();
    long lastSeq = pending > 0 ? page.get(page.size() - 1).seq() : Math.max(since, updateSeq);
    return new ChangesResult(page, lastSeq, pending);
  }

  /** {@code _all_docs} without keys: live documents in id order. */
  AllDocsResult allDocs() {
    List<AllDocsRow> rows = new ArrayList<>();
    docs.forEach(
        (id, d) -> {
          Leaf w = leaves(d.tree).get(0);
          if (!w.deleted()) {
            rows.add(new AllDocsRow(id, id, w.rev(), false, null, null));
          }
        });
    return new AllDocsResult(rows.size(), 0, rows);
  }

  /** {@code _all_docs} for the given keys, deleted documents included. */
  AllDocsResult allDocs(List<String> keys) {
    List<AllDocsRow> rows = new ArrayList<>();
    for (String key : keys) {
      Doc d = docs.get(key);
      if (d == null) {
        rows.add(new AllDocsRow(key, null, null, false, null, "not_found"));
      } else {
        Leaf w = leaves(d.tree).get(0);
        rows.add(new AllDocsRow(key, key, w.rev(), w.deleted(), null, null));
      }
    }
    return new AllDocsResult(info("").docCount(), 0, rows);
  }

  ObjectNode getLocal(String localId) {
    Local l = locals.get(localId);
    if (l == null) {
      throw new NotFoundException("missing");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("_id", "_local/" + localId);
    out.put("_rev", "0-" + l.counter());
    out.setAll(l.body().deepCopy());
    return out;
  }

  // ---- tree helpers, deliberately naive ----

  private static boolean validId(String id) {
    return !id.startsWith("_") || (id.startsWith("_design/") && id.length() > 8);
  }

  private static boolean isLeaf(Map<Revision, Node> tree, Revision rev) {
    return tree.containsKey(rev) && tree.values().stream().noneMatch(n -> rev.equals(n.parent()));
  }

  static List<Leaf> leaves(Map<Revision, Node> tree) {
    List<Leaf> out = new ArrayList<>();
    tree.forEach(
        (rev, node) -> {
          if (isLeaf(tree, rev)) {
            out.add(new Leaf(rev, node.deleted()));
          }
        });
    out.sort(WINNER_FIRST);
    return out;
  }

  private static List<Revision> ancestry(Map<Revision, Node> tree, Revision rev, int max) {
    List<Revision> out = new ArrayList<>();
    for (Revision r = rev; r != null && tree.containsKey(r) && out.size() < max; ) {
      out.add(r);
      r = tree.get(r).parent();
    }
    return out;
  }

  /** Leaves descending from {@code rev} (itself included), winner first. */
  private static List<Revision> leavesUnder(Map<Revision, Node> tree, Revision rev) {
    List<Revision> out = new ArrayList<>();
    for (Leaf leaf : leaves(tree)) {
      if (ancestry(tree, leaf.rev(), Integer.MAX_VALUE).contains(rev)) {
        out.add(leaf.rev());
      }
    }
    return out;
  }

  /** Drops every revision whose nearest leaf below is {@code limit} or more generations away. */
  private static void stem(Map<Revision, Node> tree, int limit) {
    Map<Revision, Integer> nearest = new HashMap<>();
    for (Leaf leaf : leaves(tree)) {
      for (Revision r : ancestry(tree, leaf.rev(), Integer.MAX_VALUE)) {
        nearest.merge(r, leaf.rev().generation() - r.generation(), Math::min);
      }
    }
    tree.keySet().removeIf(r -> nearest.get(r) >= limit);
  }

  private static byte[] bytes(ObjectNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
