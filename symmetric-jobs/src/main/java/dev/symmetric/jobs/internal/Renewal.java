package dev.symmetric.jobs.internal;

import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.Claims;
import dev.symmetric.replication.spi.Scheduler;
import java.util.concurrent.atomic.AtomicReference;

/** Renews a claim every third of its lease while a run lasts. */
final class Renewal {
  private final Claims claims;
  private final Scheduler scheduler;
  private final long leaseMillis;
  private final AtomicReference<Claim> current;
  private volatile boolean stopped;
  private Scheduler.Cancellable timer;

  Renewal(Claims claims, Scheduler scheduler, long leaseMillis, AtomicReference<Claim> current) {
    this.claims = claims;
    this.scheduler = scheduler;
    this.leaseMillis = leaseMillis;
    this.current = current;
  }

  synchronized void schedule() {
    if (!stopped) {
      timer = scheduler.schedule(leaseMillis / 3, this::renew);
    }
  }

  private void renew() {
    if (stopped) {
      return;
    }
    claims
        .renew(current.get())
        .whenComplete(
            (r, e) -> {
              if (r != null && r.isPresent() && !stopped) {
                current.set(r.get());
              }
              schedule();
            });
  }

  synchronized void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel();
    }
  }
}
