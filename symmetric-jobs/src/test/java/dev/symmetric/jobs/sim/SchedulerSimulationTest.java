package dev.symmetric.jobs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.jobs.JobTask;
import dev.symmetric.jobs.Schedule;
import dev.symmetric.jobs.internal.DefaultClaims;
import dev.symmetric.jobs.internal.JobEngine;
import dev.symmetric.jobs.internal.JobSpec;
import dev.symmetric.jobs.internal.JobsConfig;
import dev.symmetric.jobs.internal.RunHistory;
import dev.symmetric.jobs.internal.RunRecord;
import dev.symmetric.jobs.spi.MembershipView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The scheduler on virtual time: N nodes, each a real {@link JobEngine} over real claims, clocks
 * with drifting rates and offsets, a network with delays, and a run history every node sees at
 * once. Without crashes or loss, every shard of every slot runs exactly once and tokens grow per
 * shard. A failure names its seed.
 */
class SchedulerSimulationTest {
  private static final long EPOCH = 1_800_000_000_000L;
  private static final long RUN_MILLIS = 60_000;

  record Ran(String job, long slot, int shard, String node, long token, long at) {}

  @Property(tries = 10)
  void everyShardOfEverySlotRunsExactlyOnce(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed,
      @ForAll @IntRange(min = 3, max = 5) int nodeCount,
      @ForAll @DoubleRange(min = 0, max = 0.05) double drift) {
    String replay = "seed " + seed + ", " + nodeCount + " nodes, drift " + drift;
    SimTime time = new SimTime();
    Random random = new Random(seed);
    Map<String, SimNetwork.SimWorldNode> world = new HashMap<>();
    SimNetwork network = new SimNetwork(time, random, world::get);
    network.delayMaxMillis = 2 + random.nextInt(50);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      ids.add("n" + i);
    }
    MembershipView view = MembershipView.of(new TreeSet<>(ids));
    List<Ran> runs = new ArrayList<>();
    MemoryHistory history = new MemoryHistory();
    for (String id : ids) {
      NodeClock clock = SimClaims.clock(time, random, drift);
      DefaultClaims claims =
          SimClaims.build(
              id,
              network,
              () -> Optional.of(view),
              new MemoryAcceptorStorage(),
              clock,
              drift,
              10_000,
              false);
      world.put(id, new SimClaims.Member(clock, claims));
      JobTask task =
          ctx ->
              runs.add(
                  new Ran(
                      ctx.job(),
                      ctx.slot().toEpochMilli(),
                      ctx.shard(),
                      id,
                      ctx.token(),
                      time.now()));
      JobEngine engine =
          new JobEngine(
              id,
              List.of(
                  new JobSpec("tick", Schedule.fixedRate(Duration.ofSeconds(1)), 1, task),
                  new JobSpec("sweep", Schedule.fixedRate(Duration.ofSeconds(2)), 4, task)),
              new JobsConfig("sim", 3_000, 500, 100, 200, 24L * 3600 * 1000, 1, 20),
              claims,
              history,
              () -> ids,
              clock,
              () -> EPOCH + time.now(),
              Runnable::run);
      time.after(random.nextInt(200), engine::start);
    }
    time.runUntil(RUN_MILLIS);

    Map<String, Integer> perRun = new TreeMap<>();
    Map<String, List<Ran>> perShard = new LinkedHashMap<>();
    for (Ran r : runs) {
      perRun.merge(r.job() + "/" + r.shard() + "@" + r.slot(), 1, Integer::sum);
      perShard.computeIfAbsent(r.job() + "/" + r.shard(), k -> new ArrayList<>()).add(r);
    }
    assertThat(perRun.values()).as("runs per (job, shard, slot), " + replay).allMatch(n -> n == 1);
    for (String job : new String[] {"tick", "sweep"}) {
      long period = job.equals("tick") ? 1_000 : 2_000;
      int shards = job.equals("tick") ? 1 : 4;
      // Every slot from the first full one to the one before the last must have run.
      for (long slot = EPOCH + 2 * period; slot < EPOCH + RUN_MILLIS - 2 * period; slot += period) {
        for (int shard = 0; shard < shards; shard++) {
          assertThat(perRun)
              .as("%s shard %d slot %d ran, %s", job, shard, slot, replay)
              .containsKey(job + "/" + shard + "@" + slot);
        }
      }
    }
    for (List<Ran> list : perShard.values()) {
      for (int i = 1; i < list.size(); i++) {
        assertThat(list.get(i).token())
            .as("tokens grow: %s, %s", list, replay)
            .isGreaterThan(list.get(i - 1).token());
      }
    }
  }

  /** A history every node sees at once: replication without lag. */
  private static final class MemoryHistory implements RunHistory {
    private final Map<String, RunRecord> runs = new TreeMap<>();

    @Override
    public void record(RunRecord run) {
      runs.put(run.job() + "/" + run.slotMillis() + "/" + run.shard() + "/" + run.token(), run);
    }

    @Override
    public boolean finished(String job, long slotMillis, int shard) {
      return runs.values().stream()
          .anyMatch(
              r ->
                  r.job().equals(job)
                      && r.slotMillis() == slotMillis
                      && r.shard() == shard
                      && !r.outcome().equals("running"));
    }

    @Override
    public List<RunRecord> recent(String job, int limit) {
      return runs.values().stream().filter(r -> r.job().equals(job)).limit(limit).toList();
    }
  }
}
