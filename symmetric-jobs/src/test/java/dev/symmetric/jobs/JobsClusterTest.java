package dev.symmetric.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.replication.cluster.Cluster;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three in-process members run a recurring {@code tick} and a partitioned {@code sweep}: every run
 * goes into one global list, which must show each (slot, shard) run once, no two runs of a shard
 * overlapping, and the work moving on when the node running {@code tick} leaves.
 */
class JobsClusterTest {
  record Run(
      String job, String node, long slot, int shard, long token, long startNanos, long end) {}

  private final List<Run> runs = new CopyOnWriteArrayList<>();
  private final JobsTestNodes nodes = new JobsTestNodes();

  @AfterEach
  void stop() {
    nodes.close();
  }

  private SymmetricNode start(String id, List<URI> seeds) {
    Cluster cluster = JobsTestNodes.cluster(seeds);
    Jobs jobs =
        JobsTestNodes.jobs(cluster, 1_000)
            .recurring("tick", Schedule.fixedRate(Duration.ofMillis(500)), ctx -> record(id, ctx))
            .partitioned(
                "sweep", 4, Schedule.fixedRate(Duration.ofSeconds(1)), ctx -> record(id, ctx))
            .build();
    return nodes.start(id, cluster, jobs);
  }

  private void record(String node, JobContext ctx) {
    long start = System.nanoTime();
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30)); // the work itself
    runs.add(
        new Run(
            ctx.job(),
            node,
            ctx.slot().toEpochMilli(),
            ctx.shard(),
            ctx.token(),
            start,
            System.nanoTime()));
  }

  @Test
  void eachSlotRunsOnceWithoutOverlapAndTheWorkMovesWhenItsNodeLeaves() throws Exception {
    // Members join one at a time, each once the others agree on the last: the rule that keeps
    // majorities of consecutive member sets intersecting (docs/jobs.md).
    SymmetricNode a = start("a", List.of());
    SymmetricNode b = start("b", List.of(a.baseUri()));
    nodes.awaitMembers(2);
    SymmetricNode c = start("c", List.of(a.baseUri()));
    nodes.awaitMembers(3);
    JobsTestNodes.await(
        "tick and every sweep shard ran",
        Duration.ofSeconds(20),
        () -> ticks() >= 6 && sweptShards() == 4);

    JsonNode status = nodes.get(b, "/_node/jobs");
    assertThat(status.path("jobs").get(0).path("name").asText()).isEqualTo("tick");
    assertThat(status.path("jobs").get(0).path("next_fire").asText()).isNotEmpty();
    JobsTestNodes.await(
        "runs replicated to every node's /_node/jobs",
        Duration.ofSeconds(10),
        () ->
            nodes.nodes().stream()
                .allMatch(
                    n ->
                        nodes.get(n, "/_node/jobs").path("jobs").get(0).path("recent_runs").size()
                            > 0));

    String runner =
        runs.stream().filter(r -> r.job().equals("tick")).reduce((x, y) -> y).orElseThrow().node();
    SymmetricNode leaving = Map.of("a", a, "b", b, "c", c).get(runner);
    int before = ticksBy(runner);
    nodes.stop(leaving);
    JobsTestNodes.await(
        "another node runs tick",
        Duration.ofSeconds(20),
        () ->
            runs.stream()
                    .anyMatch(
                        r ->
                            r.job().equals("tick")
                                && !r.node().equals(runner)
                                && r.startNanos() > 0)
                && ticks() > before + 4);

    assertNoOverlapAndOncePerSlot();
  }

  private void assertNoOverlapAndOncePerSlot() {
    Map<String, List<Run>> byShard = new HashMap<>();
    Map<String, Integer> perSlot = new HashMap<>();
    for (Run r : runs) {
      byShard.computeIfAbsent(r.job() + "/" + r.shard(), k -> new ArrayList<>()).add(r);
      perSlot.merge(r.job() + "/" + r.shard() + "@" + r.slot(), 1, Integer::sum);
    }
    for (List<Run> list : byShard.values()) {
      list.sort(Comparator.comparingLong(Run::startNanos));
      for (int i = 1; i < list.size(); i++) {
        assertThat(list.get(i).startNanos())
            .as("runs overlap: %s", list)
            .isGreaterThanOrEqualTo(list.get(i - 1).end());
        assertThat(list.get(i).token())
            .as("tokens grow: %s", list)
            .isGreaterThan(list.get(i - 1).token());
      }
    }
    // No crash here (the node left by closing after its run), so every slot ran exactly once.
    assertThat(perSlot.values()).allMatch(n -> n == 1);
  }

  private long ticks() {
    return runs.stream().filter(r -> r.job().equals("tick")).count();
  }

  private int ticksBy(String node) {
    return (int) runs.stream().filter(r -> r.job().equals("tick") && r.node().equals(node)).count();
  }

  private long sweptShards() {
    return runs.stream().filter(r -> r.job().equals("sweep")).map(Run::shard).distinct().count();
  }
}
