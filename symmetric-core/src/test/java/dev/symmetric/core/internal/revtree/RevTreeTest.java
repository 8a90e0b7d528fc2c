package dev.symmetric.core.internal.revtree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symmetric.core.Revision;
import dev.symmetric.core.internal.revtree.RevTree.Leaf;
import dev.symmetric.core.internal.revtree.RevTree.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RevTreeTest {

  static Revision r(String text) {
    return Revision.parse(text);
  }

  static List<Revision> path(String... newestFirst) {
    return Arrays.stream(newestFirst).map(Revision::parse).toList();
  }

  static Leaf live(String rev) {
    return new Leaf(r(rev), false);
  }

  static Leaf dead(String rev) {
    return new Leaf(r(rev), true);
  }

  /** 1-a, 2-b, 3-c, ... up to {@code generations}, built one update at a time. */
  static RevTree linear(int generations) {
    RevTree t = RevTree.empty();
    Revision parent = null;
    for (int g = 1; g <= generations; g++) {
      Revision rev = new Revision(g, "h" + g);
      t = t.addChild(parent, rev, false);
      parent = rev;
    }
    return t;
  }

  @Nested
  class Empty {
    @Test
    void hasNothing() {
      RevTree t = RevTree.empty();
      assertThat(t.isEmpty()).isTrue();
      assertThat(t.size()).isZero();
      assertThat(t.nodes()).isEmpty();
      assertThat(t.leaves()).isEmpty();
      assertThat(t.contains(r("1-a"))).isFalse();
      assertThat(t.isLeaf(r("1-a"))).isFalse();
      assertThat(t.node(r("1-a"))).isNull();
      assertThat(t.ancestry(r("1-a"), 10)).isEmpty();
      assertThat(t.leavesUnder(r("1-a"))).isEmpty();
      assertThat(t.stem(1)).isEqualTo(t);
      assertThat(t.toString()).isEqualTo("RevTree[]");
    }

    @Test
    void hasNoWinner() {
      assertThatThrownBy(() -> RevTree.empty().winner()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void isTheIdentityOfMerge() {
      RevTree t = RevTree.ofPath(path("2-b", "1-a"), false);
      assertThat(RevTree.empty().merge(t)).isSameAs(t);
      assertThat(t.merge(RevTree.empty())).isSameAs(t);
    }
  }

  @Nested
  class OfPath {
    @Test
    void linksEachRevisionToTheNextOlderOne() {
      RevTree t = RevTree.ofPath(path("3-c", "2-b", "1-a"), true);
      assertThat(t.nodes())
          .containsExactly(
              new Node(r("1-a"), null, false),
              new Node(r("2-b"), r("1-a"), false),
              new Node(r("3-c"), r("2-b"), true));
      assertThat(t.leaves()).containsExactly(dead("3-c"));
    }

    @Test
    void oldestRevisionIsARootWhateverItsGeneration() {
      RevTree t = RevTree.ofPath(path("7-g", "6-f"), false);
      assertThat(t.node(r("6-f")).parent()).isNull();
      assertThat(t.leaves()).containsExactly(live("7-g"));
    }

    @Test
    void rejectsGenerationGaps() {
      assertThatThrownBy(() -> RevTree.ofPath(path("3-c", "1-a"), false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("3-c")
          .hasMessageContaining("1-a");
    }

    @Test
    void rejectsOldestFirstOrder() {
      assertThatThrownBy(() -> RevTree.ofPath(path("1-a", "2-b"), false))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsRepeatedRevisions() {
      assertThatThrownBy(() -> RevTree.ofPath(path("2-b", "2-b"), false))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEmptyPath() {
      assertThatThrownBy(() -> RevTree.ofPath(List.of(), false))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class AddChild {
    @Test
    void buildsAHistory() {
      RevTree t =
          RevTree.empty()
              .addChild(null, r("1-a"), false)
              .addChild(r("1-a"), r("2-b"), false)
              .addChild(r("2-b"), r("3-c"), true);
      assertThat(t).isEqualTo(RevTree.ofPath(path("3-c", "2-b", "1-a"), true));
      assertThat(t.isLeaf(r("3-c"))).isTrue();
      assertThat(t.isLeaf(r("2-b"))).isFalse();
    }

    @Test
    void doesNotChangeTheOriginal() {
      RevTree before = RevTree.ofPath(path("1-a"), false);
      RevTree after = before.addChild(r("1-a"), r("2-b"), false);
      assertThat(before.size()).isEqualTo(1);
      assertThat(before.leaves()).containsExactly(live("1-a"));
      assertThat(after.leaves()).containsExactly(live("2-b"));
    }

    @Test
    void secondChildMakesAConflict() {
      RevTree t = RevTree.ofPath(path("2-b", "1-a"), false).addChild(r("1-a"), r("2-c"), false);
      assertThat(t.leaves()).containsExactly(live("2-c"), live("2-b"));
    }

    @Test
    void secondRootMakesAConflict() {
      RevTree t = RevTree.empty().addChild(null, r("1-a"), false).addChild(null, r("1-b"), false);
      assertThat(t.leaves()).containsExactly(live("1-b"), live("1-a"));
    }

    @Test
    void acceptsAParentThatIsNotInTheTree() {
      RevTree t = RevTree.empty().addChild(r("4-d"), r("5-e"), false);
      assertThat(t.node(r("5-e")).parent()).isEqualTo(r("4-d"));
      assertThat(t.leaves()).containsExactly(live("5-e"));
    }

    @Test
    void rejectsAParentOfTheWrongGeneration() {
      RevTree t = RevTree.ofPath(path("2-b", "1-a"), false);
      assertThatThrownBy(() -> t.addChild(r("1-a"), r("3-c"), false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("3-c");
      assertThatThrownBy(() -> t.addChild(r("2-b"), r("2-c"), false))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsARootAboveGenerationOne() {
      assertThatThrownBy(() -> RevTree.empty().addChild(null, r("2-b"), false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ofPath");
    }

    @Test
    void existingRevisionIsMergedNotDuplicated() {
      RevTree t = RevTree.ofPath(path("2-b", "1-a"), false);
      assertThat(t.addChild(r("1-a"), r("2-b"), false)).isSameAs(t);
      RevTree deleted = t.addChild(r("1-a"), r("2-b"), true);
      assertThat(deleted)
          .isEqualTo(t.merge(RevTree.empty().addChild(r("1-a"), r("2-b"), true)))
          .isEqualTo(RevTree.ofPath(path("2-b", "1-a"), true));
    }

    @Test
    void existingRootGainsItsParent() {
      RevTree stemmed = RevTree.ofPath(path("3-c", "2-b"), false);
      RevTree t = stemmed.addChild(r("1-a"), r("2-b"), false);
      assertThat(t.node(r("2-b")).parent()).isEqualTo(r("1-a"));
      assertThat(t.size()).isEqualTo(2);
    }

    @Test
    void readdingAStemmedParentReconnectsItsChild() {
      RevTree t = RevTree.ofPath(path("3-c", "2-b"), false).addChild(null, r("1-a"), false);
      assertThat(t.leaves()).containsExactly(live("3-c"), live("1-a"));
      t = t.addChild(r("1-a"), r("2-b"), false);
      assertThat(t.leaves()).containsExactly(live("3-c"));
      assertThat(t.ancestry(r("3-c"), 10)).isEqualTo(path("3-c", "2-b", "1-a"));
    }
  }

  @Nested
  class Merge {
    @Test
    void unitesDivergedHistories() {
      RevTree left = RevTree.ofPath(path("3-c", "2-b", "1-a"), false);
      RevTree right = RevTree.ofPath(path("3-x", "2-b", "1-a"), false);
      RevTree t = left.merge(right);
      assertThat(t.size()).isEqualTo(4);
      assertThat(t.leaves()).containsExactly(live("3-x"), live("3-c"));
      assertThat(t).isEqualTo(right.merge(left));
    }

    @Test
    void returnsTheLargerTreeWhenItAlreadyHoldsTheOther() {
      RevTree big = RevTree.ofPath(path("3-c", "2-b", "1-a"), false);
      RevTree small = RevTree.ofPath(path("2-b", "1-a"), false);
      assertThat(big.merge(small)).isSameAs(big);
      assertThat(small.merge(big)).isSameAs(big);
      assertThat(big.merge(big)).isSameAs(big);
    }

    @Test
    void stemmedBranchReconnectsWhenItsParentArrives() {
      // The receiving side stemmed 1-a and 2-b away but kept 3-c's parent id.
      RevTree stemmed = RevTree.empty().addChild(r("2-b"), r("3-c"), false);
      RevTree full = RevTree.ofPath(path("2-b", "1-a"), false);
      RevTree t = stemmed.merge(full);
      assertThat(t.leaves()).containsExactly(live("3-c"));
      assertThat(t.ancestry(r("3-c"), 10)).isEqualTo(path("3-c", "2-b", "1-a"));
    }

    @Test
    void partialPathWithoutTheJoinStaysASeparateBranch() {
      // As in CouchDB: 5-e, 4-d says nothing about 4-d's parent, so 3-c stays a leaf.
      RevTree t =
          RevTree.ofPath(path("3-c", "2-b", "1-a"), false)
              .merge(RevTree.ofPath(path("5-e", "4-d"), false));
      assertThat(t.leaves()).containsExactly(live("5-e"), live("3-c"));
    }

    @Test
    void partialPathSharingARevisionJoins() {
      RevTree t =
          RevTree.ofPath(path("3-c", "2-b", "1-a"), false)
              .merge(RevTree.ofPath(path("5-e", "4-d", "3-c"), false));
      assertThat(t.leaves()).containsExactly(live("5-e"));
      assertThat(t.node(r("3-c")).parent()).isEqualTo(r("2-b"));
    }

    @Test
    void sameRevisionIsDeletedIfEitherSaysSo() {
      RevTree live = RevTree.ofPath(path("2-b", "1-a"), false);
      RevTree dead = RevTree.ofPath(path("2-b", "1-a"), true);
      assertThat(live.merge(dead)).isEqualTo(dead);
      assertThat(dead.merge(live)).isEqualTo(dead);
    }

    @Test
    void sameRevisionWithDifferentParentsKeepsTheGreaterParent() {
      RevTree viaA = RevTree.ofPath(path("2-z", "1-a"), false);
      RevTree viaB = RevTree.ofPath(path("2-z", "1-b"), false);
      RevTree t = viaA.merge(viaB);
      assertThat(t).isEqualTo(viaB.merge(viaA));
      assertThat(t.node(r("2-z")).parent()).isEqualTo(r("1-b"));
      // 1-a is named by nobody now, so it becomes a leaf.
      assertThat(t.leaves()).containsExactly(live("2-z"), live("1-a"));
    }

    @Test
    void doesNotStem() {
      RevTree t = linear(10).merge(RevTree.ofPath(path("11-k", "10-h10"), false));
      assertThat(t.size()).isEqualTo(11);
    }
  }

  @Nested
  class Winner {
    @Test
    void higherGenerationWins() {
      RevTree t =
          RevTree.ofPath(path("3-a", "2-a", "1-a"), false)
              .merge(RevTree.ofPath(path("2-z", "1-a"), false));
      assertThat(t.winner()).isEqualTo(live("3-a"));
      assertThat(t.leaves()).containsExactly(live("3-a"), live("2-z"));
    }

    @Test
    void equalGenerationsAreBrokenByTheGreaterHash() {
      RevTree t =
          RevTree.ofPath(path("2-7c4740b4dcf26683e941d6641c00535d", "1-a"), false)
              .merge(RevTree.ofPath(path("2-c1592ce7b31cc26e91d2f2029c57e621", "1-a"), false));
      assertThat(t.winner()).isEqualTo(live("2-c1592ce7b31cc26e91d2f2029c57e621"));
    }

    @Test
    void hashesCompareByCharacterNotByNumber() {
      RevTree t = RevTree.empty().addChild(null, r("1-9"), false).addChild(null, r("1-10"), false);
      assertThat(t.winner()).isEqualTo(live("1-9"));
      RevTree cases =
          RevTree.empty().addChild(null, r("1-Z"), false).addChild(null, r("1-a"), false);
      assertThat(cases.winner()).isEqualTo(live("1-a")); // 'a' > 'Z' in UTF-16
    }

    @Test
    void deletedLongerBranchLosesToLiveShorterOne() {
      RevTree t =
          RevTree.ofPath(path("5-e", "4-d", "3-c", "2-b", "1-a"), true)
              .merge(RevTree.ofPath(path("2-x", "1-a"), false));
      assertThat(t.winner()).isEqualTo(live("2-x"));
      assertThat(t.leaves()).containsExactly(live("2-x"), dead("5-e"));
    }

    @Test
    void allDeletedPicksTheLongestDeleted() {
      RevTree t =
          RevTree.ofPath(path("3-c", "2-b", "1-a"), true)
              .merge(RevTree.ofPath(path("4-y", "3-x", "2-b", "1-a"), true))
              .merge(RevTree.ofPath(path("2-z", "1-a"), true));
      assertThat(t.winner()).isEqualTo(dead("4-y"));
      assertThat(t.leaves()).containsExactly(dead("4-y"), dead("3-c"), dead("2-z"));
    }

    @Test
    void deletedLeavesAmongLiveOnesRankByGenerationThenHash() {
      RevTree t =
          RevTree.empty()
              .addChild(null, r("1-a"), false)
              .addChild(r("1-a"), r("2-a"), true)
              .addChild(r("1-a"), r("2-b"), true)
              .addChild(r("1-a"), r("2-c"), false)
              .addChild(r("2-a"), r("3-a"), true)
              .addChild(r("1-a"), r("2-d"), false);
      assertThat(t.leaves()).containsExactly(live("2-d"), live("2-c"), dead("3-a"), dead("2-b"));
    }
  }

  @Nested
  class Stem {
    @Test
    void keepsTheNewestLimitRevisionsOfALinearHistory() {
      RevTree t = linear(10).stem(3);
      assertThat(t.nodes()).extracting(n -> n.rev().generation()).containsExactly(8, 9, 10);
      assertThat(t.node(new Revision(8, "h8")).parent()).isEqualTo(new Revision(7, "h7"));
    }

    @Test
    void limitOneKeepsOnlyLeaves() {
      RevTree t = linear(5).merge(RevTree.ofPath(path("3-x", "2-h2"), true)).stem(1);
      assertThat(t.nodes()).extracting(Node::rev).containsExactly(r("3-x"), r("5-h5"));
      assertThat(t.leaves()).containsExactly(live("5-h5"), dead("3-x"));
    }

    @Test
    void returnsTheSameTreeWhenNothingIsTooOld() {
      RevTree t = linear(5);
      assertThat(t.stem(5)).isSameAs(t);
      assertThat(t.stem(1000)).isSameAs(t);
    }

    @Test
    void keepsAncestorsWithinReachOfAnyLeaf() {
      // 1-h1 .. 6-h6 with a short branch 3-x off 2-h2.
      RevTree t = linear(6).merge(RevTree.ofPath(path("3-x", "2-h2", "1-h1"), false));
      RevTree stemmed = t.stem(2);
      // 2-h2 is one below 3-x: kept for that leaf even though 6-h6 is far away.
      assertThat(stemmed.nodes())
          .extracting(Node::rev)
          .containsExactly(r("2-h2"), r("3-x"), r("5-h5"), r("6-h6"));
      assertThat(stemmed.node(r("3-h3"))).isNull();
      assertThat(stemmed.leaves()).isEqualTo(t.leaves());
    }

    @Test
    void neverDropsALeafEvenAnOldOne() {
      RevTree t = linear(50).merge(RevTree.ofPath(path("2-old", "1-h1"), false));
      RevTree stemmed = t.stem(3);
      assertThat(stemmed.contains(r("2-old"))).isTrue();
      assertThat(stemmed.contains(r("1-h1"))).isTrue(); // within 3 of 2-old
      assertThat(stemmed.contains(r("2-h2"))).isFalse(); // its nearest leaf is 50-h50
      assertThat(stemmed.ancestry(r("50-h50"), 10)).isEqualTo(path("50-h50", "49-h49", "48-h48"));
      assertThat(stemmed.leaves()).isEqualTo(t.leaves());
    }

    @Test
    void danglingParentDoesNotJoinBranches() {
      // 5-e names 4-d, which is absent: 3-c stays a leaf, not an ancestor of 5-e.
      RevTree t =
          RevTree.ofPath(path("3-c", "2-b", "1-a"), false)
              .merge(RevTree.empty().addChild(r("4-d"), r("5-e"), false));
      assertThat(t.stem(2).nodes())
          .extracting(Node::rev)
          .containsExactly(r("2-b"), r("3-c"), r("5-e"));
    }

    @Test
    void isIdempotent() {
      RevTree once = linear(20).stem(4);
      assertThat(once.stem(4)).isSameAs(once);
    }

    @Test
    void rejectsLimitBelowOne() {
      assertThatThrownBy(() -> linear(3).stem(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 1");
    }

    @Test
    void documentUpdatedFiveThousandTimesStaysAtTheLimit() {
      RevTree t = RevTree.empty();
      Revision parent = null;
      for (int g = 1; g <= 5000; g++) {
        Revision rev = new Revision(g, String.format("%032x", g * 2654435761L));
        t = t.addChild(parent, rev, false).stem(1000);
        assertThat(t.winner().rev()).isEqualTo(rev);
        parent = rev;
      }
      assertThat(t.size()).isEqualTo(1000);
      assertThat(t.nodes().get(0).rev().generation()).isEqualTo(4001);
      assertThat(RevTree.decode(t.encode())).isEqualTo(t);
    }
  }

  @Nested
  class Walks {
    final RevTree tree =
        linear(4)
            .merge(RevTree.ofPath(path("3-x", "2-h2", "1-h1"), true))
            .merge(RevTree.ofPath(path("4-y", "3-h3"), false))
            .merge(RevTree.empty().addChild(null, r("1-other"), false));

    @Test
    void ancestryIsNewestFirstAndBounded() {
      assertThat(tree.ancestry(r("4-h4"), 10)).isEqualTo(path("4-h4", "3-h3", "2-h2", "1-h1"));
      assertThat(tree.ancestry(r("4-h4"), 2)).isEqualTo(path("4-h4", "3-h3"));
      assertThat(tree.ancestry(r("4-h4"), 0)).isEmpty();
      assertThat(tree.ancestry(r("2-h2"), 10)).isEqualTo(path("2-h2", "1-h1"));
      assertThat(tree.ancestry(r("9-nope"), 10)).isEmpty();
      assertThatThrownBy(() -> tree.ancestry(r("4-h4"), -1))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ancestryStopsWhereTheParentIsMissing() {
      // 2-h2 stays for 3-x, 1-h1 goes.
      RevTree stemmed = tree.stem(2);
      assertThat(stemmed.node(r("2-h2")).parent()).isEqualTo(r("1-h1"));
      assertThat(stemmed.ancestry(r("4-h4"), 10)).isEqualTo(path("4-h4", "3-h3", "2-h2"));
    }

    @Test
    void leavesUnderAnInnerRevision() {
      assertThat(tree.leavesUnder(r("1-h1")))
          .containsExactly(live("4-y"), live("4-h4"), dead("3-x"));
      assertThat(tree.leavesUnder(r("3-h3"))).containsExactly(live("4-y"), live("4-h4"));
      assertThat(tree.leavesUnder(r("3-x"))).containsExactly(dead("3-x"));
      assertThat(tree.leavesUnder(r("1-other"))).containsExactly(live("1-other"));
      assertThat(tree.leavesUnder(r("7-nope"))).isEmpty();
    }

    @Test
    void leavesUnderInASingleLeafTree() {
      RevTree t = linear(3);
      assertThat(t.leavesUnder(r("1-h1"))).containsExactly(live("3-h3"));
    }

    @Test
    void nodesAreInRevisionOrder() {
      List<Revision> revs = new ArrayList<>();
      tree.nodes().forEach(n -> revs.add(n.rev()));
      assertThat(revs).isSorted().doesNotHaveDuplicates();
      assertThat(tree.size()).isEqualTo(revs.size()).isEqualTo(7);
    }
  }

  @Nested
  class Identity {
    @Test
    void equalsAndHashCodeFollowTheNodes() {
      RevTree a = RevTree.ofPath(path("2-b", "1-a"), false);
      RevTree b =
          RevTree.empty().addChild(null, r("1-a"), false).addChild(r("1-a"), r("2-b"), false);
      assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
      assertThat(a).isNotEqualTo(RevTree.ofPath(path("2-b", "1-a"), true));
      assertThat(a).isNotEqualTo(RevTree.ofPath(path("2-b"), false));
    }

    @Test
    void toStringShowsParentsAndDeletions() {
      RevTree t =
          RevTree.ofPath(path("2-b", "1-a"), true).merge(RevTree.ofPath(path("5-e"), false));
      assertThat(t).hasToString("RevTree[1-a, 2-b<1-a*, 5-e]");
    }
  }
}
