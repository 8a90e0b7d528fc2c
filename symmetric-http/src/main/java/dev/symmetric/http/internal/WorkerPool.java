package dev.symmetric.http.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The bounded pool blocking handlers run on; a full queue rejects rather than grows. */
final class WorkerPool {
  private WorkerPool() {}

  static ThreadPoolExecutor create(int threads, int queueMax) {
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread t = new Thread(runnable, "symmetric-http-worker-" + counter.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return new ThreadPoolExecutor(
        threads,
        threads,
        60,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueMax),
        factory,
        new ThreadPoolExecutor.AbortPolicy());
  }
}
