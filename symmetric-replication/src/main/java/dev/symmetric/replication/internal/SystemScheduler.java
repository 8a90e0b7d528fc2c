package dev.symmetric.replication.internal;

import dev.symmetric.replication.spi.Scheduler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Real time: a daemon {@link ScheduledThreadPoolExecutor} and {@link System#nanoTime()}. */
public final class SystemScheduler implements Scheduler {
  public static final SystemScheduler SHARED = new SystemScheduler(2, "symmetric-replication");

  private final ScheduledThreadPoolExecutor pool;

  public SystemScheduler(int threads, String name) {
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("threads must be 1..64, was " + threads);
    }
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ScheduledThreadPoolExecutor(
            threads,
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nowMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    ScheduledFuture<?> f = pool.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  /** Stops the threads; only for schedulers made with {@code Schedulers.newSystem}. */
  public void shutdown() {
    if (this != SHARED) {
      pool.shutdownNow();
    }
  }
}
