package dev.symmetric.replication.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.GetOptions;
import dev.symmetric.replication.sim.SimNetwork.Faults;
import dev.symmetric.replication.sim.Step.Advance;
import dev.symmetric.replication.sim.Step.ConcurrentEdit;
import dev.symmetric.replication.sim.Step.Delete;
import dev.symmetric.replication.sim.Step.Heal;
import dev.symmetric.replication.sim.Step.Partition;
import dev.symmetric.replication.sim.Step.Put;
import dev.symmetric.replication.sim.Step.Restart;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One fault at a time, on three nodes, spelled out. Each run ends healed, converged and checked.
 */
class SimulationExamplesTest {
  private static final long SEED = 7;

  @Test
  void droppedCallsAreRetriedUntilEveryNodeHasEveryWrite() {
    try (Simulation s = new Simulation(3, SEED, new Faults(0.3, 0, 5, 50), false)) {
      s.runAndCheck(
          List.of(
              new Put(0, 1, 1),
              new Put(1, 2, 1),
              new Put(2, 3, 1),
              new Advance(3_000),
              new Put(0, 2, 2),
              new Delete(1, 3),
              new Advance(3_000)));

      assertThat(s.cluster().network().lost()).isPositive();
      String doc2 = s.cluster().db(0).get("doc2").rev().toString();
      for (int n = 0; n < 3; n++) {
        assertThat(s.cluster().db(n).get("doc1").body().get("v").asInt()).isEqualTo(1);
        assertThat(s.cluster().db(n).get("doc2").rev()).hasToString(doc2);
      }
    }
  }

  /** Also guards the checkpoint write whose duplicate answered 409 and ended the replication. */
  @Test
  void requestsDeliveredTwiceChangeNothingAndCheckpointConflictsAreRetried() {
    try (Simulation s = new Simulation(3, SEED, new Faults(0, 1, 5, 50), false)) {
      s.runAndCheck(
          List.of(
              new Put(0, 1, 1),
              new Put(1, 1, 2),
              new ConcurrentEdit(1, 2, 1, 3),
              new Advance(3_000),
              new Put(2, 4, 1),
              new Advance(3_000)));

      assertThat(s.cluster().network().duplicated()).isPositive();
      assertThat(s.cluster().network().lost()).isZero();
    }
  }

  @Test
  void aPartitionKeepsSidesApartAndHealingMergesTheirConflict() {
    try (Simulation s = new Simulation(3, SEED, new Faults(0, 0, 5, 50), false)) {
      s.step(new Put(0, 1, 1));
      s.step(new Advance(2_000));
      // n0 alone on one side, n1 and n2 on the other
      s.step(new Partition(0b001, false));
      s.step(new Put(0, 1, 10));
      s.step(new Put(1, 1, 20));
      s.step(new Advance(10_000));

      assertThat(value(s.cluster().db(0))).isEqualTo(10);
      assertThat(value(s.cluster().db(1))).isEqualTo(20);
      assertThat(value(s.cluster().db(2))).isEqualTo(20);

      s.step(new Heal());
      s.converge();
      s.checkConverged();
      Document winner = s.cluster().db(0).get("doc1", GetOptions.defaults().withConflicts(true));
      assertThat(winner.conflicts()).hasSize(1);
      for (int n = 1; n < 3; n++) {
        Document other = s.cluster().db(n).get("doc1", GetOptions.defaults().withConflicts(true));
        assertThat(other.rev()).isEqualTo(winner.rev());
        assertThat(other.conflicts()).isEqualTo(winner.conflicts());
      }
    }
  }

  @Test
  void restartedAndCrashedNodesKeepTheirWritesAndCatchUp() {
    try (Simulation s = new Simulation(3, SEED, new Faults(0, 0, 5, 50), false)) {
      s.step(new Put(1, 1, 1));
      s.step(new Restart(1, false));
      s.step(new Put(0, 2, 1));
      s.step(new Restart(0, true));
      s.step(new Put(2, 3, 1));
      s.step(new Restart(2, true));
      s.step(new Advance(1_000));
      s.converge();
      s.checkConverged();

      for (int n = 0; n < 3; n++) {
        for (String id : List.of("doc1", "doc2", "doc3")) {
          assertThat(s.cluster().db(n).get(id).body().get("v").asInt()).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void aFilterLosesOneKindOfCallUntilHealed() {
    try (Simulation s = new Simulation(3, SEED, new Faults(0, 0, 5, 50), false)) {
      // n2 never hears back from its fetches at n0, but the mesh brings the change through n1.
      s.cluster().network().filters().verbs("fetch").from(2).to(0).dropReplies();
      s.step(new Put(0, 1, 1));
      s.step(new Advance(10_000));

      String rev = s.cluster().db(0).get("doc1").rev().toString();
      assertThat(s.cluster().db(2).get("doc1").rev()).hasToString(rev);
      assertThat(s.cluster().network().lost()).isPositive();
      s.converge();
      s.checkConverged();
    }
  }

  private static int value(Database db) {
    return db.get("doc1").body().get("v").asInt();
  }
}
