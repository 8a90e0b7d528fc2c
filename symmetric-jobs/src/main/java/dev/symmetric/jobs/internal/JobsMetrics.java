package dev.symmetric.jobs.internal;

import dev.symmetric.jobs.ClaimStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The scheduler's meters in the node's registry: {@code symmetric.jobs.runs} (by outcome), {@code
 * symmetric.jobs.claims} (by outcome: acquired, contended, failed, renewed, released) and the timer
 * {@code symmetric.jobs.claim.acquire} (granted acquisitions, p50 and p99 published).
 */
final class JobsMetrics {
  private JobsMetrics() {}

  static void register(
      MeterRegistry registry, DefaultClaims claims, JobEngine engine, OneOffQueue queue) {
    run(registry, "ok", engine, e -> e.runsOk() + queue.ran());
    run(registry, "failed", engine, e -> e.runsFailed() - e.leasesLost() + queue.failed());
    run(registry, "lease_lost", engine, JobEngine::leasesLost);
    claim(registry, "acquired", claims, ClaimStats::acquired);
    claim(registry, "contended", claims, ClaimStats::contended);
    claim(registry, "failed", claims, ClaimStats::failed);
    claim(registry, "renewed", claims, ClaimStats::renewed);
    claim(registry, "released", claims, ClaimStats::released);
    Timer acquire =
        Timer.builder("symmetric.jobs.claim.acquire")
            .description("time from asking for a claim to being granted it")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    claims.observeAcquireLatency(millis -> acquire.record(millis, TimeUnit.MILLISECONDS));
  }

  private static void run(
      MeterRegistry registry, String outcome, JobEngine engine, ToLongFunction<JobEngine> count) {
    FunctionCounter.builder("symmetric.jobs.runs", engine, e -> count.applyAsLong(e))
        .description("job runs finished on this node, recurring and one-off")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static void claim(
      MeterRegistry registry,
      String outcome,
      DefaultClaims claims,
      ToLongFunction<ClaimStats> count) {
    FunctionCounter.builder("symmetric.jobs.claims", claims, c -> count.applyAsLong(c.stats()))
        .description("claim operations of this node's proposer")
        .tag("outcome", outcome)
        .register(registry);
  }
}
