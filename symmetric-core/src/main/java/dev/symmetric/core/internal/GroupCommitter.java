package dev.symmetric.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final CompletableFuture<Void> completion = new CompletableFuture<>();

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
        throw failure;
      }
    }

    /** Completes this work's future; called after the lock is released. */
    final void complete() {
      if (failure != null) {
        completion.completeExceptionally(failure);
      } else {
        completion.complete(null);
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
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final int groupWeightMax;
  private final Sink sink;
  private final Executor committer;

  /**
   * @param committer runs the groups of asynchronous submissions, so their callers hold no thread
   *     while the storage write (and its fsync) happens
   */
  GroupCommitter(int groupWeightMax, Sink sink, Executor committer) {
    this.groupWeightMax = groupWeightMax;
    this.sink = sink;
    this.committer = committer;
  }

  /** Runs {@code work} in some group and returns once it is committed (or failed). */
  void submit(Work work) {
    queue.add(work);
    List<Work> finished = new ArrayList<>();
    lock.lock();
    try {
      while (!work.done) {
        finished.addAll(runGroup());
      }
    } finally {
      lock.unlock();
    }
    sink.afterUnlock();
    finished.forEach(Work::complete);
    work.rethrowFailure();
  }

  /**
   * Queues {@code work} and returns at once; the future completes when it is committed, or
   * exceptionally with the failure that stopped the whole work. Many asynchronous writers share one
   * group, however few threads they came from.
   */
  CompletableFuture<Void> submitAsync(Work work) {
    queue.add(work);
    scheduleDrain();
    return work.completion;
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        committer.execute(this::drain);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
        throw new IllegalStateException("the document store is closed", e);
      }
    }
  }

  private void drain() {
    List<Work> finished = new ArrayList<>();
    lock.lock();
    try {
      drainScheduled.set(false);
      while (!queue.isEmpty()) {
        finished.addAll(runGroup());
      }
    } finally {
      lock.unlock();
    }
    sink.afterUnlock();
    finished.forEach(Work::complete);
    // Work queued after the loop's last look but before the flag was seen clear.
    if (!queue.isEmpty()) {
      scheduleDrain();
    }
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

  /** Applies and commits one group; returns its works for completion after unlocking. */
  private List<Work> runGroup() {
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
    return group;
  }
}
