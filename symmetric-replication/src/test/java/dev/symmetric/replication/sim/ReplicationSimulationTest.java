package dev.symmetric.replication.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.replication.sim.SimNetwork.Faults;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Whole clusters under random schedules and faults, on virtual time: whatever happened, a healed
 * cluster converges, every node agrees on every document, and no acknowledged write is lost. A
 * failure prints jqwik's seed and the run's trace; {@code @Property(seed = "...")} replays it.
 */
class ReplicationSimulationTest {

  @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
  void aHealedClusterConvergesAndKeepsEveryAcknowledgedWrite(
      @ForAll @IntRange(min = 3, max = 5) int nodes,
      @ForAll long seed,
      @ForAll("faults") Faults faults,
      @ForAll("schedules") List<Step> steps) {
    try (Simulation s = new Simulation(nodes, seed, faults, false)) {
      s.runAndCheck(steps);
      Statistics.label("messages lost").collect(bucket(s.cluster().network().lost()));
      Statistics.label("requests duplicated").collect(bucket(s.cluster().network().duplicated()));
      Statistics.label("documents in conflict").collect(s.conflictedDocuments());
    }
  }

  private static String bucket(long n) {
    return n == 0 ? "0" : n < 10 ? "1-9" : n < 100 ? "10-99" : "100+";
  }

  @Property(tries = 3, seed = "20261126")
  void theSameSeedRunsTheSameWayTwice(
      @ForAll @IntRange(min = 3, max = 5) int nodes,
      @ForAll long seed,
      @ForAll("faults") Faults faults,
      @ForAll("schedules") List<Step> steps) {
    String first = fingerprint(nodes, seed, faults, steps);
    String second = fingerprint(nodes, seed, faults, steps);
    assertThat(firstDifference(first, second)).isEmpty();
    assertThat(second).isEqualTo(first);
  }

  private static String fingerprint(int nodes, long seed, Faults faults, List<Step> steps) {
    try (Simulation s = new Simulation(nodes, seed, faults, true)) {
      return s.runAndCheck(steps).fingerprint();
    }
  }

  /** The first line where two runs part, to read instead of a diff of megabytes. */
  private static String firstDifference(String a, String b) {
    String[] x = a.split("\n", -1);
    String[] y = b.split("\n", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (!x[i].equals(y[i])) {
        return "line " + i + ":\n  first:  " + x[i] + "\n  second: " + y[i];
      }
    }
    return x.length == y.length ? "" : "lengths differ: " + x.length + " vs " + y.length;
  }

  @Provide
  Arbitrary<Faults> faults() {
    Arbitrary<Double> rate = Arbitraries.doubles().between(0, 0.3).ofScale(2);
    Arbitrary<Long> delayMin = Arbitraries.longs().between(0, 20);
    Arbitrary<Long> spread = Arbitraries.longs().between(0, 280);
    return Combinators.combine(rate, rate, delayMin, spread)
        .as((drop, dup, min, more) -> new Faults(drop, dup, min, min + more));
  }

  @Provide
  Arbitrary<List<Step>> schedules() {
    Arbitrary<Integer> node = Arbitraries.integers().between(0, 4);
    Arbitrary<Integer> doc = Arbitraries.integers().between(0, 5);
    Arbitrary<Integer> value = Arbitraries.integers().between(1, 99);
    Arbitrary<String> verb = Arbitraries.of("changes", "fetch", "putLocal", "getLocal", "info");
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    @SuppressWarnings("unchecked")
    Arbitrary<Step> step =
        Arbitraries.frequencyOf(
            Tuple.of(8, Combinators.combine(node, doc, value).as(Step.Put::new)),
            Tuple.of(2, Combinators.combine(node, doc).as(Step.Delete::new)),
            Tuple.of(3, Combinators.combine(node, node, doc, value).as(Step.ConcurrentEdit::new)),
            Tuple.of(2, Combinators.combine(node, doc, value).as(Step.Branch::new)),
            Tuple.of(
                1,
                Combinators.combine(Arbitraries.integers().between(1, 30), flag)
                    .as(Step.Partition::new)),
            Tuple.of(1, Combinators.combine(verb, node, node, flag).as(Step.Filter::new)),
            Tuple.of(2, Arbitraries.just(new Step.Heal())),
            Tuple.of(1, Combinators.combine(node, flag).as(Step.Restart::new)),
            Tuple.of(4, Arbitraries.integers().between(1, 10_000).map(Step.Advance::new)));
    return step.list().ofMinSize(20).ofMaxSize(80);
  }
}
