package dev.symmetric.docs;

import dev.symmetric.http.SymmetricNode;
import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.jobs.Schedule;
import dev.symmetric.replication.cluster.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The samples of jobs.md; {@link JobsSamplesTest} runs them. */
final class JobsSamples {
  private JobsSamples() {}

  /** What the sample jobs did, for the test to see. */
  static final class Work {
    final List<String> done = new CopyOnWriteArrayList<>();

    void expire(long token) {
      done.add("expire " + token);
    }

    void sweep(int shard, long token) {
      done.add("sweep " + shard + " " + token);
    }

    void send(String payload, long token) {
      done.add("mail " + payload + " " + token);
    }
  }

  record Started(SymmetricNode node, Jobs jobs) {}

  static Started scheduledNode(Path dataDir, int port, String secret, Work work) {
    // tag::jobs-node[]
    Cluster cluster = Cluster.builder().build();
    Jobs jobs =
        Jobs.builder()
            .cluster(cluster)
            .recurring(
                "expire",
                Schedule.cron("0 3 * * *", ZoneId.of("Europe/Berlin")),
                ctx -> work.expire(ctx.token()))
            .partitioned(
                "sweep",
                8,
                Schedule.fixedRate(Duration.ofMinutes(5)),
                ctx -> work.sweep(ctx.shard(), ctx.token()))
            .oneOff("welcome-mail", ctx -> work.send(ctx.payload(), ctx.token()))
            .build();
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId("a")
            .port(port)
            .dataDir(dataDir)
            .clusterSecret(secret)
            .component(cluster)
            .component(jobs)
            .build()
            .start();
    // end::jobs-node[]
    return new Started(node, jobs);
  }

  static String enqueue(Jobs jobs) {
    // tag::jobs-enqueue[]
    String id = jobs.enqueue("welcome-mail", "{\"user\":\"ada\"}"); // at any node
    // end::jobs-enqueue[]
    return id;
  }

  static Optional<Long> holdSeat(Jobs jobs) throws Exception {
    // tag::claims-direct[]
    Claims claims = jobs.claims();
    Optional<Claim> hold = claims.acquire("seat/concert-7/A12", 30_000).get(); // 30 s lease
    if (hold.isEmpty()) {
      return Optional.empty(); // another node holds the seat, or no majority answered
    }
    Claim claim = hold.get();
    // Write with claim.token() as a fencing token; check claims.isValid(claim) before acting.
    long token = claim.token();
    claims.release(claim).get();
    // end::claims-direct[]
    return Optional.of(token);
  }
}
