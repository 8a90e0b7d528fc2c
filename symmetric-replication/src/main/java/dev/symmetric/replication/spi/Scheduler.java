package dev.symmetric.replication.spi;

import java.util.concurrent.Executor;

/**
 * Time and execution for replicators and the cluster: real threads and the monotonic clock in a
 * node, virtual time and one seeded thread of control in a simulation.
 */
public interface Scheduler extends Executor {

  /** Monotonic milliseconds; only differences mean anything. */
  long nowMillis();

  /** Runs {@code task} after {@code delayMillis}; the returned handle cancels it. */
  Cancellable schedule(long delayMillis, Runnable task);

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
