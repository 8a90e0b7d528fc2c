package dev.symmetric.replication.sim;

import dev.symmetric.replication.spi.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Virtual time and one thread of control: tasks wait in a queue ordered by (time, submission
 * number) and run one by one on the thread that calls {@code run*}. Nothing happens between calls,
 * and the same submissions run in the same order on every run.
 *
 * <p>Work handed in from any other thread is a bug in the code under simulation (a hidden pool or
 * JDK timer): it is refused, and remembered so that the next {@code run*} call fails loudly even
 * when the offending thread swallowed the exception.
 */
public final class SimScheduler implements Scheduler {
  /** Tasks run per {@code run*} call before it gives up on a livelock. */
  static final long TASKS_PER_RUN_MAX = 20_000_000;

  /** Virtual midnight, 2030-01-01 UTC, so wall times in checkpoints repeat from run to run. */
  private static final long EPOCH_MILLIS = 1_893_456_000_000L;

  private record Task(long atMillis, long seq, Runnable body, boolean[] cancelled)
      implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int byTime = Long.compare(atMillis, o.atMillis);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final Thread owner;
  private long nowMillis;
  private long nextSeq;
  private long tasksRun;
  private volatile String foreignSubmission;

  /** A scheduler owned by the calling thread, at virtual time 0. */
  public SimScheduler() {
    this.owner = Thread.currentThread();
  }

  @Override
  public long nowMillis() {
    return nowMillis;
  }

  /** A wall clock on virtual time, for checkpoint timestamps. */
  public Clock wallClock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock is UTC only");
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(EPOCH_MILLIS + nowMillis);
      }
    };
  }

  @Override
  public void execute(Runnable task) {
    enqueue(0, task);
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    Task t = enqueue(Math.max(0, delayMillis), task);
    return () -> t.cancelled()[0] = true;
  }

  private Task enqueue(long delayMillis, Runnable body) {
    Thread caller = Thread.currentThread();
    if (caller != owner) {
      String what = "work submitted from thread " + caller.getName() + ", not the simulation's";
      foreignSubmission = what;
      throw new IllegalStateException(what);
    }
    Task t = new Task(nowMillis + delayMillis, nextSeq++, body, new boolean[1]);
    queue.add(t);
    return t;
  }

  /** Runs tasks due within {@code millis} from now, then sets the clock to the end of it. */
  public void runFor(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("millis must be >= 0, was " + millis);
    }
    long end = nowMillis + millis;
    runUntilTime(end);
    nowMillis = end;
  }

  /**
   * Runs tasks until none is left or the next one is due after {@code maxVirtualMillis} from now.
   * Returns whether the queue ran dry.
   */
  public boolean runUntilQuiet(long maxVirtualMillis) {
    runUntilTime(nowMillis + maxVirtualMillis);
    return pendingTasks() == 0;
  }

  /**
   * Runs until {@code done} holds, checked every {@code checkEveryMillis} of virtual time, for at
   * most {@code maxVirtualMillis}. Returns whether it came to hold.
   */
  public boolean runUntil(BooleanSupplier done, long checkEveryMillis, long maxVirtualMillis) {
    long end = nowMillis + maxVirtualMillis;
    while (!done.getAsBoolean()) {
      if (nowMillis >= end) {
        return false;
      }
      runFor(Math.min(checkEveryMillis, end - nowMillis));
    }
    return true;
  }

  private void runUntilTime(long endMillis) {
    checkOwner();
    long budget = TASKS_PER_RUN_MAX;
    while (true) {
      Task next = queue.peek();
      if (next == null || next.atMillis() > endMillis) {
        return;
      }
      queue.poll();
      if (next.cancelled()[0]) {
        continue;
      }
      if (--budget < 0) {
        throw new IllegalStateException(
            "more than " + TASKS_PER_RUN_MAX + " tasks in one run: a livelock at " + nowMillis);
      }
      nowMillis = next.atMillis();
      tasksRun++;
      next.body().run();
      checkOwner();
    }
  }

  private void checkOwner() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("the simulation runs on " + owner.getName() + " only");
    }
    String foreign = foreignSubmission;
    if (foreign != null) {
      throw new AssertionError("nondeterminism: " + foreign);
    }
  }

  /** Tasks waiting, cancelled ones included until their time comes. */
  public int pendingTasks() {
    queue.removeIf(t -> t.cancelled()[0]);
    return queue.size();
  }

  /** Tasks run since the start, a cheap fingerprint of the run. */
  public long tasksRun() {
    return tasksRun;
  }
}
