package dev.symmetric.jobs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Claims under drift, skew, loss, duplication, delay, partitions, crashes and restarts: never two
 * holders of one key at once, tokens only grow, and once a majority is up again every key can be
 * acquired. A failure names its seed; {@link #replay} runs that one history again.
 */
class ClaimsSimulationTest {

  @Property(tries = 40)
  void neverTwoHoldersAndTokensGrow(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
      @ForAll @IntRange(min = 3, max = 5) int nodes,
      @ForAll @DoubleRange(min = 0, max = 0.1) double drift) {
    check(seed, nodes, drift);
  }

  /**
   * The same faults while members are added and removed one at a time (each change once every
   * member sees the last one and has synced), acceptors syncing after each change and forgetting
   * idle keys.
   */
  @Property(tries = 40)
  void membershipChangesKeepOneHolderAndGrowingTokens(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
      @ForAll @IntRange(min = 2, max = 5) int nodes,
      @ForAll @DoubleRange(min = 0, max = 0.1) double drift) {
    ClaimsSimulation sim = new ClaimsSimulation(seed, nodes, drift, 1, true);
    String replay =
        "seed " + seed + ", " + nodes + " nodes, drift " + drift + ", membership changes";
    sim.chaos(40_000);
    assertThat(sim.violation()).as(replay).isEmpty();
    List<String> missing = sim.settleAndAcquireAll(20_000);
    assertThat(sim.violation()).as(replay).isEmpty();
    assertThat(missing).as("keys not acquired after settling, " + replay).isEmpty();
  }

  /** One history with changes in it for sure (a run that never settles makes none). */
  @Example
  void replayWithMembershipChanges() {
    ClaimsSimulation sim = new ClaimsSimulation(7L, 3, 0.05, 1, true);
    sim.chaos(40_000);
    assertThat(sim.violation()).as("seed 7, 3 nodes, drift 0.05").isEmpty();
    assertThat(sim.settleAndAcquireAll(20_000)).isEmpty();
    assertThat(sim.violation()).as("seed 7, 3 nodes, drift 0.05").isEmpty();
    assertThat(sim.changes).isPositive();
    assertThat(sim.members()).isNotEqualTo(java.util.Set.of("n1", "n2", "n3"));
  }

  /** Without members learning each other's records after a change, tokens repeat or overlap. */
  @Example
  void membershipChangesWithoutSyncingProduceViolations() {
    int broken = 0;
    for (long seed = 0; seed < 30; seed++) {
      ClaimsSimulation sim = new ClaimsSimulation(seed, 3, 0.02, 1, true, false);
      sim.chaos(40_000);
      if (sim.violation().isPresent()) {
        broken++;
      }
    }
    assertThat(broken).isGreaterThan(0);
  }

  @Example
  void replay() {
    check(42L, 5, 0.05);
  }

  /** The checker has teeth: clocks drifting far beyond the configured bound do break the rule. */
  @Example
  void clocksBeyondTheDriftBoundProduceOverlaps() {
    int broken = 0;
    for (long seed = 0; seed < 20; seed++) {
      ClaimsSimulation sim = new ClaimsSimulation(seed, 3, 0.02, 25);
      sim.chaos(30_000);
      if (sim.violation().isPresent()) {
        broken++;
      }
    }
    assertThat(broken).isGreaterThan(0);
  }

  private static void check(long seed, int nodes, double drift) {
    ClaimsSimulation sim = new ClaimsSimulation(seed, nodes, drift, 1);
    String replay = "seed " + seed + ", " + nodes + " nodes, drift " + drift;
    sim.chaos(30_000);
    assertThat(sim.violation()).as(replay).isEmpty();
    List<String> missing = sim.settleAndAcquireAll(20_000);
    assertThat(sim.violation()).as(replay).isEmpty();
    assertThat(missing).as("keys not acquired after settling, " + replay).isEmpty();
    assertThat(sim.history.size()).as("claims granted, " + replay).isGreaterThan(GRANTS_MIN);
  }

  /** A run that granted fewer claims than this tested too little. */
  private static final int GRANTS_MIN = 5;
}
