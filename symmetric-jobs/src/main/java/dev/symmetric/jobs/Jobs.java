package dev.symmetric.jobs;

import dev.symmetric.http.spi.NodeComponent;
import dev.symmetric.jobs.internal.DefaultJobs;
import dev.symmetric.jobs.internal.JobSpec;
import dev.symmetric.jobs.internal.JobsConfig;
import dev.symmetric.replication.cluster.Cluster;
import dev.symmetric.replication.spi.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The job scheduler of a cluster member: runs each (job, slot, shard) on one node at a time, with
 * no leader. Add it after the {@link Cluster} it votes with:
 *
 * <pre>{@code
 * Cluster cluster = Cluster.builder().build();
 * Jobs jobs = Jobs.builder().cluster(cluster)
 *     .recurring("expire", Schedule.cron("0 3 * * *", ZoneId.of("UTC")), ctx -> expire(ctx.token()))
 *     .build();
 * SymmetricNode.builder()...component(cluster).component(jobs).build().start();
 * }</pre>
 *
 * <p>Routes it adds: {@code GET /_node/jobs} and the peer-only {@code POST /_jobs/claims/{kind}}.
 * Runs are recorded in the replicated database {@code symmetric-jobs}; see {@code docs/jobs.md}.
 */
public interface Jobs extends NodeComponent {

  static Builder builder() {
    return new Builder();
  }

  /** This node's claims, for applications that need a lease of their own (started nodes only). */
  Claims claims();

  /**
   * Enqueues a one-off job at this node: a document in the replicated jobs database that exactly
   * one node runs, with the task registered under {@code name} (see {@link Builder#oneOff}), once
   * it has replicated there. Returns the job's document id, where its outcome is recorded. Started
   * nodes only; {@code payload} has at most 64 KiB in UTF-8.
   *
   * @throws IllegalArgumentException when no one-off job of that name is registered on this node
   */
  String enqueue(String name, String payload);

  /** Composes a scheduler; each setting is checked when set. */
  final class Builder {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** Bound on shards of one job: each is a claim per slot. */
    public static final int SHARDS_MAX = 1024;

    private Cluster cluster;
    private final Map<String, JobSpec> jobs = new LinkedHashMap<>();
    private final Map<String, OneOffTask> oneOffs = new LinkedHashMap<>();
    private String database = "symmetric-jobs";
    private long leaseMillis = 15_000;
    private long standbyDelayMillis = 2_000;
    private long checkEveryMillis = 250;
    private long retryDelayMillis = 1_000;
    private long missedSlotWindowMillis = 24L * 3600 * 1000;
    private int runThreads = 4;
    private int recentRunsMax = 20;
    private double driftRate = 0.01;
    private long driftMarginMillis = 50;
    private long requestTimeoutMillis = 2_000;
    private Scheduler scheduler;
    private LongSupplier wallClockMillis = System::currentTimeMillis;
    private long forgetIdleClaimsAfterMillis = 7L * 86_400_000;
    private boolean forgetIdleApplicationClaims;

    private Builder() {}

    /** The cluster whose members vote on claims; required, and must be a component too. */
    public Builder cluster(Cluster cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      return this;
    }

    /** A job that runs once per slot of {@code schedule}, on one node. */
    public Builder recurring(String name, Schedule schedule, JobTask task) {
      return partitioned(name, 1, schedule, task);
    }

    /**
     * A job whose every slot runs as {@code shards} runs, shard {@code i} on the live node that
     * rendezvous hashing picks for it, taken over by the next one when that node dies.
     */
    public Builder partitioned(String name, int shards, Schedule schedule, JobTask task) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(schedule, "schedule");
      Objects.requireNonNull(task, "task");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "a job name is 1..64 of a-z, 0-9, _ and -, starting with a letter or digit: " + name);
      }
      if (shards < 1 || shards > SHARDS_MAX) {
        throw new IllegalArgumentException("shards must be 1.." + SHARDS_MAX + ", was " + shards);
      }
      if (jobs.containsKey(name)) {
        throw new IllegalArgumentException("job " + name + " is already registered");
      }
      jobs.put(name, new JobSpec(name, schedule, shards, task));
      return this;
    }

    /**
     * A handler for one-off jobs enqueued under {@code name} ({@link Jobs#enqueue}) at any node.
     * Register it on every node that should run such jobs; nodes without it leave them to others.
     */
    public Builder oneOff(String name, OneOffTask task) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(task, "task");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "a job name is 1..64 of a-z, 0-9, _ and -, starting with a letter or digit: " + name);
      }
      if (oneOffs.containsKey(name)) {
        throw new IllegalArgumentException("one-off job " + name + " is already registered");
      }
      oneOffs.put(name, task);
      return this;
    }

    /** The replicated database for run history (acceptor state stays in its local documents). */
    public Builder database(String name) {
      if (name == null || !name.matches("[a-z][a-z0-9_$()+/-]*")) {
        throw new IllegalArgumentException("not a database name: " + name);
      }
      this.database = name;
      return this;
    }

    /** Lease of a run's claim, renewed every third of it while the run lasts. Default 15 s. */
    public Builder leaseMillis(long millis) {
      this.leaseMillis = range("leaseMillis", millis, 500, 3_600_000);
      return this;
    }

    /** How much later each next node by rendezvous rank tries a slot. Default 2 s. */
    public Builder standbyDelayMillis(long millis) {
      this.standbyDelayMillis = range("standbyDelayMillis", millis, 0, 3_600_000);
      return this;
    }

    /** How often each node looks for due slots. Default 250 ms. */
    public Builder checkEveryMillis(long millis) {
      this.checkEveryMillis = range("checkEveryMillis", millis, 10, 60_000);
      return this;
    }

    /** Wait after a refused or failed claim before trying that shard again. Default 1 s. */
    public Builder retryDelayMillis(long millis) {
      this.retryDelayMillis = range("retryDelayMillis", millis, 10, 600_000);
      return this;
    }

    /** A due slot older than this is never run (the cluster was down). Default 24 h. */
    public Builder missedSlotWindowMillis(long millis) {
      this.missedSlotWindowMillis = range("missedSlotWindowMillis", millis, 1, 366L * 86_400_000);
      return this;
    }

    /** Threads that run job tasks; at most this many runs at once on this node. Default 4. */
    public Builder runThreads(int threads) {
      this.runThreads = (int) range("runThreads", threads, 1, 256);
      return this;
    }

    /** Runs per job shown in {@code /_node/jobs}. Default 20. */
    public Builder recentRunsMax(int runs) {
      this.recentRunsMax = (int) range("recentRunsMax", runs, 1, 1_000);
      return this;
    }

    /** See {@link Claims.Builder#driftRate}. Default 0.01. */
    public Builder driftRate(double rate) {
      if (!(rate >= 0 && rate <= 0.2)) {
        throw new IllegalArgumentException("driftRate must be 0..0.2, was " + rate);
      }
      this.driftRate = rate;
      return this;
    }

    /** See {@link Claims.Builder#driftMarginMillis}. Default 50. */
    public Builder driftMarginMillis(long millis) {
      this.driftMarginMillis = range("driftMarginMillis", millis, 0, 60_000);
      return this;
    }

    /** Bound on each claim phase. Default 2 s. */
    public Builder requestTimeoutMillis(long millis) {
      this.requestTimeoutMillis = range("requestTimeoutMillis", millis, 1, 600_000);
      return this;
    }

    /**
     * How long the claim of a job shard or one-off job ({@code job/..}, {@code queue/..} keys) must
     * stay idle, no lease running and nothing written, before each member forgets its record; a
     * later claim of the key still gets a larger token, but starts with progress 0 (see {@code
     * docs/jobs.md}, "Forgetting idle keys"). 0: never. Default 7 days.
     */
    public Builder forgetIdleClaimsAfterMillis(long millis) {
      this.forgetIdleClaimsAfterMillis =
          millis == 0
              ? 0
              : range("forgetIdleClaimsAfterMillis", millis, 1_000, 3_650L * 86_400_000);
      return this;
    }

    /**
     * Whether the keys applications claim through {@link Jobs#claims()} are forgotten too, after
     * the same idle time, losing their progress marks. Default false: kept forever.
     */
    public Builder forgetIdleApplicationClaims(boolean forget) {
      this.forgetIdleApplicationClaims = forget;
      return this;
    }

    /** Monotonic time and timers. Default: real time. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Wall-clock milliseconds: only to name slots, never for safety. */
    public Builder wallClockMillis(LongSupplier clock) {
      this.wallClockMillis = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Jobs build() {
      if (cluster == null) {
        throw new IllegalStateException("set cluster(..): claims need the cluster's members");
      }
      if (requestTimeoutMillis * 2 >= leaseMillis) {
        throw new IllegalStateException(
            "leaseMillis ("
                + leaseMillis
                + ") must exceed two claim phases (2 x requestTimeoutMillis "
                + requestTimeoutMillis
                + ")");
      }
      if (leaseMillis * (1 - driftRate) - driftMarginMillis <= leaseMillis / 3.0) {
        throw new IllegalStateException(
            "the drift margin eats the lease: renewals every third of it would come too late");
      }
      return new DefaultJobs(
          cluster,
          List.copyOf(new ArrayList<>(jobs.values())),
          Map.copyOf(oneOffs),
          new JobsConfig(
              database,
              leaseMillis,
              standbyDelayMillis,
              checkEveryMillis,
              retryDelayMillis,
              missedSlotWindowMillis,
              runThreads,
              recentRunsMax),
          driftRate,
          driftMarginMillis,
          requestTimeoutMillis,
          forgetIdleClaimsAfterMillis,
          forgetIdleApplicationClaims,
          scheduler,
          wallClockMillis);
    }

    private static long range(String name, long v, long min, long max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + v);
      }
      return v;
    }
  }
}
