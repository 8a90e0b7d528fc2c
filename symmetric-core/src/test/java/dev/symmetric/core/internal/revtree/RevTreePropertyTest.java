package dev.symmetric.core.internal.revtree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.Revision;
import dev.symmetric.core.internal.revtree.RevTree.Leaf;
import dev.symmetric.core.internal.revtree.RevTree.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Algebraic properties of {@link RevTree} over random document histories.
 *
 * <p>A {@link Scenario} grows one random history (branches, several roots, deletions, and hashes
 * that sometimes repeat across branches) and cuts it into overlapping paths, each possibly missing
 * its oldest revisions, the way replicas of one document hold it.
 */
class RevTreePropertyTest {

  private static final int TRIES = 200;

  // ---------------------------------------------------------------- merge algebra

  @Property(tries = TRIES)
  void mergeIsCommutative(@ForAll("scenarios") Scenario s) {
    List<RevTree> g = s.groups(2);
    assertThat(g.get(0).merge(g.get(1)))
        .as("%s merged with %s", g.get(0), g.get(1))
        .isEqualTo(g.get(1).merge(g.get(0)));
  }

  @Property(tries = TRIES)
  void mergeIsAssociative(@ForAll("scenarios") Scenario s) {
    List<RevTree> g = s.groups(3);
    RevTree a = g.get(0);
    RevTree b = g.get(1);
    RevTree c = g.get(2);
    assertThat(a.merge(b).merge(c))
        .as("(a + b) + c vs a + (b + c) for a=%s b=%s c=%s", a, b, c)
        .isEqualTo(a.merge(b.merge(c)));
  }

  @Property(tries = TRIES)
  void mergeIsIdempotent(@ForAll("scenarios") Scenario s) {
    List<RevTree> g = s.groups(2);
    RevTree a = g.get(0);
    RevTree ab = a.merge(g.get(1));
    assertThat(a.merge(a)).as("a=%s", a).isEqualTo(a);
    assertThat(ab.merge(g.get(1))).as("a=%s b=%s", a, g.get(1)).isEqualTo(ab);
    assertThat(ab.merge(a)).as("a=%s b=%s", a, g.get(1)).isEqualTo(ab);
  }

  @Property(tries = TRIES)
  void anyOrderAndGroupingOfMergesGivesTheSameTree(
      @ForAll("scenarios") Scenario s,
      @ForAll Random random,
      @ForAll @IntRange(min = 1, max = 8) int limit) {
    RevTree expected = RevTree.empty();
    for (RevTree t : s.pathTrees()) {
      expected = expected.merge(t);
    }
    List<RevTree> shuffled = new ArrayList<>(s.pathTrees());
    // A replica may receive the same path more than once.
    int repeats = random.nextInt(3);
    for (int i = 0; i < repeats; i++) {
      shuffled.add(shuffled.get(random.nextInt(shuffled.size())));
    }
    Collections.shuffle(shuffled, random);
    RevTree actual = mergeInRandomGroups(shuffled, random);

    assertThat(actual).as("merged in order %s", shuffled).isEqualTo(expected);
    assertThat(actual.winner()).isEqualTo(expected.winner());
    assertThat(actual.leaves()).isEqualTo(expected.leaves());
    assertThat(actual.stem(limit)).as("stemmed to %d", limit).isEqualTo(expected.stem(limit));
  }

  @Property(tries = TRIES)
  void addChildAgreesWithMergingPaths(@ForAll("scenarios") Scenario s) {
    RevTree built = RevTree.empty();
    RevTree merged = RevTree.empty();
    for (int k = 0; k < s.revs.size(); k++) {
      Revision parent = s.parent[k] < 0 ? null : s.revs.get(s.parent[k]);
      built = built.addChild(parent, s.revs.get(k), s.deleted[k]);
      merged = merged.merge(RevTree.ofPath(s.fullPath(k), s.deleted[k]));
    }
    assertThat(built).isEqualTo(merged);
  }

  // ---------------------------------------------------------------- stemming

  @Property(tries = TRIES)
  void stemKeepsEveryLeafAndIsIdempotent(
      @ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 1, max = 8) int limit) {
    RevTree t = s.merged();
    RevTree stemmed = t.stem(limit);
    assertThat(stemmed.leaves()).as("%s stemmed to %d", t, limit).isEqualTo(t.leaves());
    assertThat(stemmed.stem(limit)).as("%s stemmed twice to %d", t, limit).isEqualTo(stemmed);
    assertThat(t.stem(limit + 1).stem(limit)).as("%s", t).isEqualTo(stemmed);
  }

  @Property(tries = TRIES)
  void stemKeepsExactlyTheNewestRevisionsOfEachLeafsPath(
      @ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 1, max = 8) int limit) {
    RevTree t = s.merged();
    Set<Revision> keep = new HashSet<>();
    for (Revision leaf : naiveLeaves(t)) {
      List<Revision> ancestry = naiveAncestry(t, leaf);
      keep.addAll(ancestry.subList(0, Math.min(limit, ancestry.size())));
    }
    List<Node> expected = t.nodes().stream().filter(n -> keep.contains(n.rev())).toList();
    assertThat(t.stem(limit).nodes()).as("%s stemmed to %d", t, limit).isEqualTo(expected);
  }

  // ---------------------------------------------------------------- leaves and winner

  @Property(tries = TRIES)
  void leavesAndWinnerFollowCouchDbRanking(@ForAll("scenarios") Scenario s) {
    RevTree t = s.merged();
    Map<Revision, Node> byRev = byRev(t);
    List<Leaf> expected = new ArrayList<>();
    for (Revision leaf : naiveLeaves(t)) {
      expected.add(new Leaf(leaf, byRev.get(leaf).deleted()));
    }
    expected.sort(NAIVE_RANK.reversed());

    assertThat(t.leaves()).as("%s", t).isEqualTo(expected);
    assertThat(t.winner()).as("%s", t).isEqualTo(Collections.max(expected, NAIVE_RANK));
    for (Node n : t.nodes()) {
      assertThat(t.isLeaf(n.rev())).isEqualTo(expected.contains(new Leaf(n.rev(), n.deleted())));
    }
  }

  @Property(tries = TRIES)
  void leavesExistExactlyWhenNodesDo(@ForAll("scenarios") Scenario s, @ForAll Random random) {
    RevTree t = s.merged();
    assertThat(t.leaves().isEmpty()).isEqualTo(t.isEmpty());
    RevTree stemmed = t.stem(1 + random.nextInt(3));
    assertThat(stemmed.leaves().isEmpty()).isEqualTo(stemmed.isEmpty());
    assertThat(RevTree.empty().leaves()).isEmpty();
  }

  @Property(tries = TRIES)
  void ancestryAndLeavesUnderFollowParentLinks(
      @ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 1, max = 8) int limit) {
    RevTree t = s.merged().stem(limit);
    Map<Revision, List<Revision>> ancestries = new HashMap<>();
    for (Node n : t.nodes()) {
      List<Revision> ancestry = naiveAncestry(t, n.rev());
      ancestries.put(n.rev(), ancestry);
      assertThat(t.ancestry(n.rev(), Integer.MAX_VALUE)).as("%s", t).isEqualTo(ancestry);
      assertThat(t.ancestry(n.rev(), 2))
          .isEqualTo(ancestry.subList(0, Math.min(2, ancestry.size())));
    }
    for (Node n : t.nodes()) {
      List<Leaf> expected =
          t.leaves().stream().filter(leaf -> ancestries.get(leaf.rev()).contains(n.rev())).toList();
      assertThat(t.leavesUnder(n.rev()))
          .as("leaves under %s in %s", n.rev(), t)
          .isEqualTo(expected);
    }
  }

  // ---------------------------------------------------------------- encoding

  @Property(tries = TRIES)
  void encodingRoundTrips(
      @ForAll("scenarios") Scenario s, @ForAll @IntRange(min = 1, max = 8) int limit) {
    for (RevTree t : List.of(s.merged(), s.merged().stem(limit), s.pathTrees().get(0))) {
      RevTree decoded = RevTree.decode(t.encode());
      assertThat(decoded).as("%s", t).isEqualTo(t);
      assertThat(decoded.leaves()).isEqualTo(t.leaves());
    }
  }

  // ---------------------------------------------------------------- references

  /** Live beats deleted, then generation, then hash: written out apart from the real one. */
  static final Comparator<Leaf> NAIVE_RANK =
      (x, y) -> {
        if (x.deleted() != y.deleted()) {
          return x.deleted() ? -1 : 1;
        }
        if (x.rev().generation() != y.rev().generation()) {
          return x.rev().generation() < y.rev().generation() ? -1 : 1;
        }
        return x.rev().hash().compareTo(y.rev().hash());
      };

  static Map<Revision, Node> byRev(RevTree t) {
    return t.nodes().stream().collect(Collectors.toMap(Node::rev, n -> n));
  }

  static Set<Revision> naiveLeaves(RevTree t) {
    Set<Revision> named = new HashSet<>();
    for (Node n : t.nodes()) {
      if (n.parent() != null) {
        named.add(n.parent());
      }
    }
    Set<Revision> leaves = new HashSet<>();
    for (Node n : t.nodes()) {
      if (!named.contains(n.rev())) {
        leaves.add(n.rev());
      }
    }
    return leaves;
  }

  static List<Revision> naiveAncestry(RevTree t, Revision rev) {
    Map<Revision, Node> byRev = byRev(t);
    List<Revision> out = new ArrayList<>();
    for (Node n = byRev.get(rev);
        n != null;
        n = n.parent() == null ? null : byRev.get(n.parent())) {
      out.add(n.rev());
    }
    return out;
  }

  static RevTree mergeInRandomGroups(List<RevTree> trees, Random random) {
    if (trees.size() == 1) {
      return trees.get(0);
    }
    int split = 1 + random.nextInt(trees.size() - 1);
    RevTree left = mergeInRandomGroups(trees.subList(0, split), random);
    RevTree right = mergeInRandomGroups(trees.subList(split, trees.size()), random);
    return random.nextBoolean() ? left.merge(right) : right.merge(left);
  }

  // ---------------------------------------------------------------- generators

  /** Grow the history: attach to a recent revision (0 = new root, 1 = the latest, ...). */
  record Step(int back, int hashPick, boolean deleted) {}

  /** Cut a path: the revision it ends at, how many of its newest revisions, leaf deleted. */
  record Cut(int at, int length, boolean deleted) {}

  /** Hashes shared by every branch, so the same revision id can turn up with other parents. */
  private static final List<String> SHARED_HASHES =
      List.of(
          "a", "b", "Zz", "967a00dff5e02add41819138abb3284d", "7051cbe5c8faecd085a3fa619e6e6337");

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Boolean> deleted = Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
    Arbitrary<Integer> back =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(0)),
            Tuple.of(8, Arbitraries.just(1)),
            Tuple.of(4, Arbitraries.integers().between(2, 12)));
    Arbitrary<Step> step =
        Combinators.combine(back, Arbitraries.integers().between(0, 15), deleted).as(Step::new);
    Arbitrary<Cut> cut =
        Combinators.combine(
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(1, 40),
                deleted)
            .as(Cut::new);
    return Combinators.combine(
            step.list().ofMinSize(1).ofMaxSize(30), cut.list().ofMinSize(1).ofMaxSize(8))
        .as(Scenario::new);
  }

  /** One document's random history and the overlapping paths that replicas hold of it. */
  static final class Scenario {
    final List<Revision> revs = new ArrayList<>();
    final int[] parent;
    final boolean[] deleted;
    final List<List<Revision>> paths = new ArrayList<>();
    final List<Boolean> pathDeleted = new ArrayList<>();
    private final List<RevTree> pathTrees = new ArrayList<>();

    Scenario(List<Step> steps, List<Cut> cuts) {
      parent = new int[steps.size()];
      deleted = new boolean[steps.size()];
      for (int k = 0; k < steps.size(); k++) {
        Step step = steps.get(k);
        parent[k] = step.back() == 0 || k == 0 ? -1 : Math.max(0, k - step.back());
        int generation = parent[k] < 0 ? 1 : revs.get(parent[k]).generation() + 1;
        String hash;
        if (step.hashPick() < SHARED_HASHES.size()) {
          hash = SHARED_HASHES.get(step.hashPick());
        } else if (step.hashPick() % 2 == 0) {
          hash = "n" + k;
        } else {
          hash = String.format("%032x", (k + 1) * 0x9E3779B97F4A7C15L);
        }
        revs.add(new Revision(generation, hash));
        deleted[k] = step.deleted();
      }
      for (Cut cut : cuts) {
        List<Revision> full = fullPath(cut.at() % revs.size());
        List<Revision> path = full.subList(0, Math.min(cut.length(), full.size()));
        paths.add(path);
        pathDeleted.add(cut.deleted());
        pathTrees.add(RevTree.ofPath(path, cut.deleted()));
      }
    }

    /** Revision {@code k} and all its ancestors in the history, newest first. */
    List<Revision> fullPath(int k) {
      List<Revision> out = new ArrayList<>();
      for (int i = k; i >= 0; i = parent[i]) {
        out.add(revs.get(i));
      }
      return out;
    }

    List<RevTree> pathTrees() {
      return pathTrees;
    }

    RevTree merged() {
      RevTree t = RevTree.empty();
      for (RevTree p : pathTrees) {
        t = t.merge(p);
      }
      return t;
    }

    /** The path trees dealt round-robin into {@code n} merged trees (some may be empty). */
    List<RevTree> groups(int n) {
      List<RevTree> out = new ArrayList<>(Collections.nCopies(n, RevTree.empty()));
      for (int i = 0; i < pathTrees.size(); i++) {
        out.set(i % n, out.get(i % n).merge(pathTrees.get(i)));
      }
      return out;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("Scenario{paths=");
      for (int i = 0; i < paths.size(); i++) {
        sb.append(i == 0 ? "[" : ", ")
            .append(paths.get(i).stream().map(Revision::toString).collect(Collectors.joining(">")))
            .append(pathDeleted.get(i) ? "*" : "");
      }
      return sb.append("]}").toString();
    }
  }
}
