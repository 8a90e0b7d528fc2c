package dev.symmetric.testing;

import static dev.symmetric.testing.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.StorageFailure;
import dev.symmetric.core.spi.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultyStorageEngineTest {
  private final FaultyStorageEngine engine = new FaultyStorageEngine(StorageEngines.inMemory());

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void failNextWritesFailsExactlyThatManyAndAppliesNothing() {
    engine.failNextWrites(2);
    assertThatThrownBy(() -> put("a")).isInstanceOf(StorageFailure.class);
    assertThatThrownBy(() -> put("b")).isInstanceOf(StorageFailure.class);
    assertThat(engine.get(utf8("a"))).isNull();
    assertThat(engine.get(utf8("b"))).isNull();
    put("c");
    assertThat(engine.get(utf8("c"))).isEqualTo(utf8("c"));
    assertThat(engine.injectedFailures()).isEqualTo(2);
  }

  @Test
  void failWritesAfterLetsSomeThroughThenFailsUntilHealed() {
    engine.failWritesAfter(2);
    put("a");
    put("b");
    assertThatThrownBy(() -> put("c")).isInstanceOf(StorageFailure.class);
    assertThatThrownBy(() -> put("d")).isInstanceOf(StorageFailure.class);
    engine.heal();
    put("e");
    assertThat(engine.get(utf8("b"))).isNotNull();
    assertThat(engine.get(utf8("c"))).isNull();
    assertThat(engine.get(utf8("d"))).isNull();
    assertThat(engine.get(utf8("e"))).isNotNull();
  }

  @Test
  void randomFailuresReplayWithTheSameSeed() {
    List<Boolean> first = outcomes(0.5, 99);
    List<Boolean> second = outcomes(0.5, 99);
    assertThat(first).isEqualTo(second).contains(true, false);
    assertThat(outcomes(0, 1)).doesNotContain(false);
    assertThat(outcomes(1, 1)).doesNotContain(true);
  }

  @Test
  void aFailedBatchLeavesEveryKeyUntouched() {
    put("a");
    engine.failNextWrites(1);
    WriteBatch batch = new WriteBatch().put(utf8("a"), utf8("changed")).put(utf8("new"), utf8("x"));
    assertThatThrownBy(() -> engine.write(batch, Durability.SYNC))
        .isInstanceOf(StorageFailure.class)
        .hasMessageContaining("injected");
    assertThat(engine.get(utf8("a"))).isEqualTo(utf8("a"));
    assertThat(engine.get(utf8("new"))).isNull();
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> engine.failNextWrites(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.failWritesAfter(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.failWritesRandomly(1.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> engine.failWritesRandomly(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Whether each of 100 writes succeeded. */
  private List<Boolean> outcomes(double probability, long seed) {
    engine.heal().failWritesRandomly(probability, seed);
    List<Boolean> outcomes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      try {
        put("k" + i);
        outcomes.add(true);
      } catch (StorageFailure e) {
        outcomes.add(false);
      }
    }
    return outcomes;
  }

  private void put(String key) {
    engine.write(new WriteBatch().put(utf8(key), utf8(key)), Durability.WAL);
  }
}
