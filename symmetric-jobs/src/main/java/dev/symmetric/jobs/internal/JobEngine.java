package dev.symmetric.jobs.internal;

import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.JobContext;
import dev.symmetric.replication.spi.Scheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each (job, slot, shard) once across the cluster. Every check, each node works out the latest
 * due slot of each shard; the shard's first node by rendezvous rank over the live members tries at
 * once, the others after {@code rank * standbyDelayMillis}. Trying means acquiring the shard's
 * claim: its progress mark says which slot the last holder finished, so a slot already done is
 * skipped and released at once. Missed slots collapse into the latest one.
 */
public final class JobEngine {
  private static final Logger log = LoggerFactory.getLogger(JobEngine.class);

  private final String nodeId;
  private final List<ShardState> shards = new ArrayList<>();
  private final JobsConfig config;
  private final Claims claims;
  private final RunHistory history;
  private final Supplier<Collection<String>> liveMembers;
  private final Scheduler scheduler;
  private final LongSupplier wallMillis;
  private final Executor runner;
  private final AtomicLong runsOk = new AtomicLong();
  private final AtomicLong runsFailed = new AtomicLong();
  private final AtomicLong leasesLost = new AtomicLong();
  private final AtomicLong slotsSkipped = new AtomicLong();
  private volatile boolean closed;
  private Scheduler.Cancellable nextCheck;

  /** One shard of one job as this node sees it. */
  static final class ShardState {
    final JobSpec job;
    final int shard;
    long doneThrough = Long.MIN_VALUE;
    boolean busy;
    long retryAtMillis = Long.MIN_VALUE;

    ShardState(JobSpec job, int shard) {
      this.job = job;
      this.shard = shard;
    }
  }

  public JobEngine(
      String nodeId,
      List<JobSpec> jobs,
      JobsConfig config,
      Claims claims,
      RunHistory history,
      Supplier<Collection<String>> liveMembers,
      Scheduler scheduler,
      LongSupplier wallMillis,
      Executor runner) {
    this.nodeId = nodeId;
    this.config = config;
    this.claims = claims;
    this.history = history;
    this.liveMembers = liveMembers;
    this.scheduler = scheduler;
    this.wallMillis = wallMillis;
    this.runner = runner;
    for (JobSpec j : jobs) {
      for (int s = 0; s < j.shards(); s++) {
        shards.add(new ShardState(j, s));
      }
    }
  }

  public void start() {
    scheduler.execute(this::check);
  }

  public void close() {
    closed = true;
    synchronized (this) {
      if (nextCheck != null) {
        nextCheck.cancel();
      }
    }
  }

  private void check() {
    if (closed) {
      return;
    }
    try {
      long wall = wallMillis.getAsLong();
      Collection<String> live = liveMembers.get();
      for (ShardState s : shards) {
        consider(s, wall, live);
      }
    } catch (RuntimeException e) {
      log.warn("Node {}: job check failed", nodeId, e);
    } finally {
      synchronized (this) {
        if (!closed) {
          nextCheck = scheduler.schedule(config.checkEveryMillis(), this::check);
        }
      }
    }
  }

  private void consider(ShardState s, long wall, Collection<String> live) {
    Instant latest = s.job.schedule().latestAtOrBefore(Instant.ofEpochMilli(wall));
    if (latest == null) {
      return;
    }
    long slot = latest.toEpochMilli();
    synchronized (s) {
      if (s.busy || slot <= s.doneThrough || scheduler.nowMillis() < s.retryAtMillis) {
        return;
      }
      if (slot < wall - config.missedSlotWindowMillis()) {
        return; // too old to be worth running; see docs/jobs.md
      }
      int rank = live.contains(nodeId) ? Rendezvous.rank(nodeId, live, s.job.name(), s.shard) : 0;
      if (wall < slot + rank * config.standbyDelayMillis()) {
        return;
      }
      if (rank > 0 && history.finished(s.job.name(), slot, s.shard)) {
        s.doneThrough = slot;
        return;
      }
      s.busy = true;
    }
    claims
        .acquire(s.job.claimKey(s.shard), config.leaseMillis())
        .whenComplete(
            (granted, error) -> {
              Optional<Claim> c = error == null ? granted : Optional.empty();
              if (c.isEmpty()) {
                idle(s, true);
              } else if (c.get().progress() >= slot) {
                synchronized (s) {
                  s.doneThrough = Math.max(s.doneThrough, c.get().progress());
                }
                slotsSkipped.incrementAndGet();
                claims.release(c.get());
                idle(s, false);
              } else {
                runner.execute(() -> run(s, c.get(), slot));
              }
            });
  }

  private void idle(ShardState s, boolean retryLater) {
    synchronized (s) {
      s.busy = false;
      if (retryLater) {
        s.retryAtMillis = scheduler.nowMillis() + config.retryDelayMillis();
      }
    }
  }

  private void run(ShardState s, Claim claim, long slot) {
    AtomicReference<Claim> current = new AtomicReference<>(claim);
    long start = wallMillis.getAsLong();
    record(s, claim, slot, start, -1, "running", null);
    Renewal renewal = new Renewal(claims, scheduler, config.leaseMillis(), current);
    renewal.schedule();
    String outcome = "ok";
    String error = null;
    try {
      s.job.task().run(context(s, slot, current));
    } catch (Exception | AssertionError e) {
      outcome = "failed";
      error = String.valueOf(e.getMessage());
      log.warn("Node {}: job {} shard {} slot {} failed", nodeId, s.job.name(), s.shard, slot, e);
    } finally {
      renewal.stop();
    }
    if (!claims.isValid(current.get())) {
      outcome = "lease_lost"; // another node may have started it again: at-least-once
      leasesLost.incrementAndGet();
    }
    record(s, claim, slot, start, wallMillis.getAsLong(), outcome, error);
    ("ok".equals(outcome) ? runsOk : runsFailed).incrementAndGet();
    claims.release(current.get(), slot);
    synchronized (s) {
      s.doneThrough = Math.max(s.doneThrough, slot);
    }
    idle(s, false);
  }

  private void record(
      ShardState s, Claim c, long slot, long start, long end, String outcome, String error) {
    try {
      history.record(
          new RunRecord(
              s.job.name(), slot, s.shard, nodeId, c.token(), start, end, outcome, error));
    } catch (RuntimeException e) {
      log.warn("Node {}: could not record run of {} slot {}", nodeId, s.job.name(), slot, e);
    }
  }

  private JobContext context(ShardState s, long slot, AtomicReference<Claim> current) {
    return new JobContext() {
      @Override
      public String job() {
        return s.job.name();
      }

      @Override
      public Instant slot() {
        return Instant.ofEpochMilli(slot);
      }

      @Override
      public int shard() {
        return s.shard;
      }

      @Override
      public int shards() {
        return s.job.shards();
      }

      @Override
      public long token() {
        return current.get().token();
      }

      @Override
      public boolean stillHolder() {
        return claims.isValid(current.get());
      }
    };
  }

  /** Runs that finished {@code ok}, for metrics. */
  long runsOk() {
    return runsOk.get();
  }

  /** Runs that threw, for metrics. */
  long runsFailed() {
    return runsFailed.get();
  }

  /** Runs that outlived their claim, for metrics. */
  long leasesLost() {
    return leasesLost.get();
  }

  /** What {@code GET /_node/jobs} shows. */
  public Map<String, Object> status(RunHistory runs) {
    Map<String, Object> out = new LinkedHashMap<>();
    long wall = wallMillis.getAsLong();
    Collection<String> live = liveMembers.get();
    Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
    for (ShardState s : shards) {
      Map<String, Object> j =
          jobs.computeIfAbsent(
              s.job.name(),
              n -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", n);
                m.put("schedule", s.job.schedule().toString());
                m.put("shards", s.job.shards());
                Instant next = s.job.schedule().nextAfter(Instant.ofEpochMilli(wall));
                m.put("next_fire", next == null ? null : next.toString());
                m.put("shard_owners", new ArrayList<Map<String, Object>>());
                return m;
              });
      // Safe: the entry was created just above with a list of rows; the map's values are Object.
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> owners = (List<Map<String, Object>>) j.get("shard_owners");
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("shard", s.shard);
      row.put("owner", owner(live, s));
      synchronized (s) {
        row.put("done_through", s.doneThrough == Long.MIN_VALUE ? null : iso(s.doneThrough));
        row.put("running_here", s.busy);
      }
      owners.add(row);
    }
    for (Map<String, Object> j : jobs.values()) {
      List<Map<String, Object>> recent = new ArrayList<>();
      for (RunRecord r : runs.recent((String) j.get("name"), config.recentRunsMax())) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slot", iso(r.slotMillis()));
        m.put("shard", r.shard());
        m.put("node", r.node());
        m.put("token", r.token());
        m.put("start", iso(r.startMillis()));
        m.put("end", r.endMillis() < 0 ? null : iso(r.endMillis()));
        m.put("outcome", r.outcome());
        if (r.error() != null) {
          m.put("error", r.error());
        }
        recent.add(m);
      }
      j.put("recent_runs", recent);
    }
    out.put("node", nodeId);
    out.put("jobs", List.copyOf(jobs.values()));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("runs_ok", runsOk.get());
    metrics.put("runs_failed", runsFailed.get());
    metrics.put("leases_lost", leasesLost.get());
    metrics.put("slots_found_done", slotsSkipped.get());
    var cs = claims.stats();
    metrics.put("claims_acquired", cs.acquired());
    metrics.put("claims_contended", cs.contended());
    metrics.put("claims_failed", cs.failed());
    metrics.put("claims_renewed", cs.renewed());
    metrics.put("claims_released", cs.released());
    metrics.put(
        "claim_latency_ms_mean", cs.acquired() == 0 ? 0 : cs.latencyMillisTotal() / cs.acquired());
    metrics.put("claim_latency_ms_max", cs.latencyMillisMax());
    out.put("metrics", metrics);
    return out;
  }

  private String owner(Collection<String> live, ShardState s) {
    for (String m : live) {
      if (Rendezvous.rank(m, live, s.job.name(), s.shard) == 0) {
        return m;
      }
    }
    return null;
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
