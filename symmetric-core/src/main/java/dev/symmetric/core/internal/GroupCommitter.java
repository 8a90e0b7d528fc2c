package dev.symmetric.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: concurrent writers queue their work; whichever holds the lock applies everything
 * queued (up to a bound) and commits it with one storage write, so one fsync acknowledges many
 * writers. A writer whose work a previous holder already committed returns without writing.
 */
final class GroupCommitter {

  /** Work applied in a group. {@link #apply} records its writes in the context. */
  abstract static class Work {
    private volatile boolean done;
    private RuntimeException failure;

    /** Applies this work; a thrown exception fails this work alone, leaving the context alone. */
    abstract void apply(WriteContext ctx);

    /** Document changes this work may make, to bound the group. */
    int weight() {
      return 1;
    }

    final void fail(RuntimeException e) {
      failure = e;
    }

    final void rethrowFailure() {
      if (failure != null) {
        // Rethrow a fresh copy's cause chain keeps the caller's stack visible.
        throw failure;
      }
    }
  }

  /** Commits a context: writes its batch durably and publishes its effects. */
  interface Sink {
    void commit(WriteContext ctx);

    WriteContext newContext();

    /** Called after the lock is released with the groups' outcome, to wake change waiters. */
    void afterUnlock();
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Work> queue = new ConcurrentLinkedQueue<>();
  private final int groupWeightMax;
  private final Sink sink;

  GroupCommitter(int groupWeightMax, Sink sink) {
    this.groupWeightMax = groupWeightMax;
    this.sink = sink;
  }

  /** Runs {@code work} in some group and returns once it is committed (or failed). */
  void submit(Work work) {
    queue.add(work);
    lock.lock();
    try {
      while (!work.done) {
        runGroup();
      }
    } finally {
      lock.unlock();
    }
    sink.afterUnlock();
    work.rethrowFailure();
  }

  /** Runs {@code action} while no group is being committed. */
  void exclusively(Runnable action) {
    lock.lock();
    try {
      action.run();
    } finally {
      lock.unlock();
    }
  }

  private void runGroup() {
    List<Work> group = new ArrayList<>();
    int weight = 0;
    Work w;
    while ((w = queue.peek()) != null
        && (group.isEmpty() || weight + w.weight() <= groupWeightMax)) {
      queue.poll();
      group.add(w);
      weight += w.weight();
    }
    WriteContext ctx = sink.newContext();
    for (Work work : group) {
      try {
        work.apply(ctx);
      } catch (RuntimeException e) {
        work.fail(e);
      }
    }
    try {
      sink.commit(ctx);
    } catch (RuntimeException e) {
      for (Work work : group) {
        work.fail(e);
      }
    }
    for (Work work : group) {
      work.done = true;
    }
  }
}
