package dev.symmetric.testing;

import dev.symmetric.core.spi.Durability;
import dev.symmetric.core.spi.ForwardingStorageEngine;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.core.spi.StorageFailure;
import dev.symmetric.core.spi.WriteBatch;
import java.util.Random;

/**
 * Wraps an engine and makes writes fail on command, so a test can prove that an error changes
 * nothing. A failed write throws {@link StorageFailure} and applies nothing of its batch; reads
 * always go straight through.
 *
 * <pre>{@code
 * FaultyStorageEngine storage = new FaultyStorageEngine(StorageEngines.inMemory());
 * storage.failNextWrites(1);
 * // hand storage to the code under test, make it write, then check that nothing changed
 * storage.heal();
 * }</pre>
 *
 * <p>The rules are checked in order for each write: pending {@link #failNextWrites forced
 * failures}, then the {@link #failWritesAfter countdown}, then the {@link #failWritesRandomly
 * random} rule. Thread-safe.
 */
public final class FaultyStorageEngine extends ForwardingStorageEngine {
  private int forcedFailures;
  private long writesBeforeFailing = -1;
  private Random random;
  private double failureProbability;
  private long injectedFailures;

  public FaultyStorageEngine(StorageEngine delegate) {
    super(delegate);
  }

  /** The next {@code count} writes fail; later ones go through (unless another rule applies). */
  public synchronized FaultyStorageEngine failNextWrites(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    forcedFailures = count;
    return this;
  }

  /** The next {@code count} writes go through, then every write fails until {@link #heal()}. */
  public synchronized FaultyStorageEngine failWritesAfter(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    writesBeforeFailing = count;
    return this;
  }

  /**
   * Each write fails with {@code probability}, drawn from a {@link Random} seeded with {@code
   * seed}, so a failing run replays exactly.
   */
  public synchronized FaultyStorageEngine failWritesRandomly(double probability, long seed) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
    }
    failureProbability = probability;
    random = new Random(seed);
    return this;
  }

  /** Clears every rule; writes go through again. */
  public synchronized FaultyStorageEngine heal() {
    forcedFailures = 0;
    writesBeforeFailing = -1;
    random = null;
    failureProbability = 0;
    return this;
  }

  /** How many writes this wrapper has failed so far. */
  public synchronized long injectedFailures() {
    return injectedFailures;
  }

  @Override
  public void write(WriteBatch batch, Durability durability) {
    String reason = nextFailure();
    if (reason != null) {
      throw new StorageFailure("injected storage failure (" + reason + ")");
    }
    super.write(batch, durability);
  }

  private synchronized String nextFailure() {
    String reason = null;
    if (forcedFailures > 0) {
      forcedFailures--;
      reason = "failNextWrites";
    } else if (writesBeforeFailing == 0) {
      reason = "failWritesAfter";
    } else if (random != null && random.nextDouble() < failureProbability) {
      reason = "failWritesRandomly";
    }
    if (reason != null) {
      injectedFailures++;
    } else if (writesBeforeFailing > 0) {
      writesBeforeFailing--;
    }
    return reason;
  }
}
