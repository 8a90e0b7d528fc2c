package dev.symmetric.jobs.process;

import dev.symmetric.http.SymmetricNode;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.jobs.JobsTestNodes;
import dev.symmetric.jobs.Schedule;
import dev.symmetric.replication.cluster.Cluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One member with a {@code tick} job every second, in a process of its own: {@code JobsNodeMain
 * <node-id> <port> <data-dir> <secret> [seed-url,...]}. Each run works for 300 ms; leases are 3 s.
 * Prints {@code READY <base-url>} once it serves; runs until killed.
 */
public final class JobsNodeMain {
  private JobsNodeMain() {}

  public static void main(String[] args) throws Exception {
    List<URI> seeds = new ArrayList<>();
    if (args.length > 4 && !args[4].isBlank()) {
      for (String s : args[4].split(",")) {
        seeds.add(URI.create(s));
      }
    }
    Cluster cluster = JobsTestNodes.cluster(seeds);
    Jobs jobs =
        JobsTestNodes.jobs(cluster, 1_000)
            .recurring(
                "tick",
                Schedule.fixedRate(Duration.ofSeconds(1)),
                ctx -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300)))
            .build();
    SymmetricNode node =
        SymmetricNode.builder()
            .nodeId(args[0])
            .host("127.0.0.1")
            .port(Integer.parseInt(args[1]))
            .dataDir(Path.of(args[2]))
            .clusterSecret(args[3])
            .component(cluster)
            .component(jobs)
            .build()
            .start();
    System.out.println("READY " + node.baseUri());
    System.out.flush();
    node.awaitStop();
  }
}
