package dev.symmetric.jobs.sim;

import java.util.PriorityQueue;

/**
 * True (virtual) time and one thread of control: tasks run in (time, submission) order on the
 * thread that calls {@link #runUntil}, so one seed replays one history.
 */
final class SimTime {
  private record Task(long at, long seq, Runnable body) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private static final long TASKS_MAX = 50_000_000;

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now;
  private long seq;
  private long ran;

  long now() {
    return now;
  }

  void at(long trueMillis, Runnable body) {
    queue.add(new Task(Math.max(trueMillis, now), seq++, body));
  }

  void after(long delayMillis, Runnable body) {
    at(now + Math.max(0, delayMillis), body);
  }

  /** Runs every task due up to {@code until}, then leaves the clock there. */
  void runUntil(long until) {
    while (!queue.isEmpty() && queue.peek().at <= until) {
      Task t = queue.poll();
      now = t.at;
      if (++ran > TASKS_MAX) {
        throw new IllegalStateException("livelock: more than " + TASKS_MAX + " tasks");
      }
      t.body.run();
    }
    now = Math.max(now, until);
  }
}
