package dev.symmetric.jobs.sim;

import dev.symmetric.replication.spi.Scheduler;

/**
 * One node's monotonic clock over true time, {@code local = offset + rate * true}, and its timers.
 * A crash ends the incarnation: its pending timers never fire.
 */
final class NodeClock implements Scheduler {
  private final SimTime time;
  final long offset;
  final double rate;
  private boolean alive = true;

  NodeClock(SimTime time, long offset, double rate) {
    this.time = time;
    this.offset = offset;
    this.rate = rate;
  }

  @Override
  public long nowMillis() {
    return offset + (long) Math.floor(rate * time.now());
  }

  /** The first true time at which this clock reads {@code localMillis} or more. */
  long trueTimeOf(long localMillis) {
    long t = (long) Math.ceil((localMillis - offset) / rate);
    while (offset + (long) Math.floor(rate * t) < localMillis) {
      t++;
    }
    return t;
  }

  void crash() {
    alive = false;
  }

  boolean alive() {
    return alive;
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    boolean[] cancelled = {false};
    long trueDelay = (long) Math.ceil(Math.max(0, delayMillis) / rate);
    time.after(
        trueDelay,
        () -> {
          if (alive && !cancelled[0]) {
            task.run();
          }
        });
    return () -> cancelled[0] = true;
  }

  @Override
  public void execute(Runnable command) {
    schedule(0, command);
  }
}
