package dev.symmetric.jobs.internal;

import dev.symmetric.jobs.spi.ClaimReply;
import dev.symmetric.replication.spi.Scheduler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Collects one phase's replies: decided as soon as a majority said yes, as soon as a majority can
 * no longer say yes, or when the phase times out. Counts each member once, however often the
 * network duplicated its answer.
 */
final class Quorum {
  /** A phase's end: whether a majority agreed, and every reply heard by then. */
  record Result(boolean granted, List<ClaimReply> replies) {}

  private final Set<String> voters;
  private final int majority;
  private final Set<String> heard = new HashSet<>();
  private final List<ClaimReply> replies = new ArrayList<>();
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  private int yes;
  private int no;

  Quorum(Set<String> voters, int majority, Scheduler scheduler, long timeoutMillis) {
    this.voters = voters;
    this.majority = majority;
    Scheduler.Cancellable timer = scheduler.schedule(timeoutMillis, this::timeout);
    result.whenComplete((r, e) -> timer.cancel());
  }

  CompletableFuture<Result> result() {
    return result;
  }

  synchronized void offer(ClaimReply reply) {
    if (result.isDone() || !voters.contains(reply.from()) || !heard.add(reply.from())) {
      return;
    }
    replies.add(reply);
    if (reply.ok()) {
      yes++;
    } else {
      no++;
    }
    if (yes >= majority) {
      result.complete(new Result(true, List.copyOf(replies)));
    } else if (no > voters.size() - majority) {
      result.complete(new Result(false, List.copyOf(replies)));
    }
  }

  private synchronized void timeout() {
    result.complete(new Result(false, List.copyOf(replies)));
  }
}
