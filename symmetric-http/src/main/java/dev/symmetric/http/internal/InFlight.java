package dev.symmetric.http.internal;

/** Counts requests received but not yet fully answered, so draining knows when it is done. */
public final class InFlight {
  private int count;

  public synchronized void begin() {
    count++;
  }

  public synchronized void end() {
    count--;
    if (count == 0) {
      notifyAll();
    }
  }

  public synchronized int count() {
    return count;
  }

  /** Waits until nothing is in flight or {@code timeoutMillis} passed; true if drained. */
  public synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (count > 0) {
      long leftMillis = (deadline - System.nanoTime()) / 1_000_000L;
      if (leftMillis <= 0) {
        return false;
      }
      wait(leftMillis);
    }
    return true;
  }
}
