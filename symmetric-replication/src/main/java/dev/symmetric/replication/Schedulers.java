package dev.symmetric.replication;

import dev.symmetric.replication.internal.SystemScheduler;
import dev.symmetric.replication.spi.Scheduler;

/** The schedulers that ship with Symmetric. */
public final class Schedulers {
  private Schedulers() {}

  /**
   * The shared scheduler of real time: two daemon threads and the monotonic clock. Replications
   * only hop onto it between calls, so a few threads drive many replications.
   */
  public static Scheduler system() {
    return SystemScheduler.SHARED;
  }

  /** A scheduler of its own with {@code threads} daemon threads; shut it down when done. */
  public static Scheduler newSystem(int threads) {
    return new SystemScheduler(threads, "symmetric-replication");
  }
}
