package dev.symmetric.replication.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeshPlannerTest {

  private static List<String> members(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("node-" + i);
    }
    return out;
  }

  @Test
  void withoutABoundEveryNodePullsFromEveryOther() {
    List<String> all = members(5);
    assertThat(MeshPlanner.peersFor("node-2", "db", all, Integer.MAX_VALUE))
        .containsExactly("node-0", "node-1", "node-3", "node-4");
  }

  @Test
  void aBoundKeepsTheRingPredecessorAndStaysWithinK() {
    List<String> all = members(12);
    for (String self : all) {
      List<String> peers = MeshPlanner.peersFor(self, "orders", all, 3);
      assertThat(peers).hasSize(3).doesNotContain(self).doesNotHaveDuplicates();
      List<String> others = new ArrayList<>(all);
      others.remove(self);
      others.sort(null);
      assertThat(peers).contains(MeshPlanner.predecessor(self, others));
    }
  }

  @Test
  void everyWriteReachesEveryNodeUnderAnyBound() {
    for (int n = 2; n <= 20; n++) {
      List<String> all = members(n);
      for (int k = 1; k < n; k++) {
        // Edges point from the pulled peer to the puller: the way writes flow.
        Map<String, List<String>> flowsTo = new HashMap<>();
        for (String self : all) {
          for (String peer : MeshPlanner.peersFor(self, "db", all, k)) {
            flowsTo.computeIfAbsent(peer, p -> new ArrayList<>()).add(self);
          }
        }
        for (String origin : all) {
          Set<String> reached = new HashSet<>(List.of(origin));
          Deque<String> todo = new ArrayDeque<>(reached);
          while (!todo.isEmpty()) {
            for (String next : flowsTo.getOrDefault(todo.pop(), List.of())) {
              if (reached.add(next)) {
                todo.push(next);
              }
            }
          }
          assertThat(reached).as("n=%d k=%d from %s", n, k, origin).hasSize(n);
        }
      }
    }
  }

  @Test
  void theChoiceIsStableAcrossCalls() {
    List<String> all = members(10);
    assertThat(MeshPlanner.peersFor("node-4", "x", all, 4))
        .isEqualTo(MeshPlanner.peersFor("node-4", "x", new ArrayList<>(all), 4));
  }
}
