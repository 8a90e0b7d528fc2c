package dev.symmetric.http.internal.db;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for waiting feeds: a timer for heartbeats and timeouts, and a bounded pool that reads and
 * writes changes when a feed wakes. Waiting feeds hold no thread.
 */
public final class Feeds implements AutoCloseable {
  /** Most feed wake-ups queued at once; beyond this new wake-ups are refused and feeds end. */
  static final int QUEUE_MAX = 10_000;

  final ScheduledExecutorService timer;
  final ThreadPoolExecutor workers;

  public Feeds(int threadsMax) {
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("symmetric-feed-timer"));
    ((ScheduledThreadPoolExecutor) timer).setRemoveOnCancelPolicy(true);
    this.workers =
        new ThreadPoolExecutor(
            Math.min(2, threadsMax),
            threadsMax,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_MAX),
            daemon("symmetric-feed"));
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
