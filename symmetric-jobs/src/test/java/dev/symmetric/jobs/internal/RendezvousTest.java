package dev.symmetric.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RendezvousTest {
  private static final List<String> LIVE = List.of("a", "b", "c", "d");

  @Test
  void everyShardHasExactlyOneOwnerAndRanksArePermutations() {
    for (int shard = 0; shard < 64; shard++) {
      final int s = shard;
      assertThat(LIVE.stream().map(n -> Rendezvous.rank(n, LIVE, "sweep", s)).sorted().toList())
          .containsExactly(0, 1, 2, 3);
    }
  }

  @Test
  void aLeavingNodeMovesOnlyItsOwnShards() {
    List<String> without = List.of("a", "b", "d");
    for (int shard = 0; shard < 64; shard++) {
      final int s = shard;
      String before =
          LIVE.stream().filter(n -> Rendezvous.rank(n, LIVE, "sweep", s) == 0).findFirst().get();
      String after =
          without.stream()
              .filter(n -> Rendezvous.rank(n, without, "sweep", s) == 0)
              .findFirst()
              .get();
      if (!before.equals("c")) {
        assertThat(after).isEqualTo(before);
      }
    }
  }
}
