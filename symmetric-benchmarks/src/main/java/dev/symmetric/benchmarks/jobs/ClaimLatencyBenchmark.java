package dev.symmetric.benchmarks.jobs;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.spi.Durability;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.jobs.internal.DatabaseAcceptorStorage;
import dev.symmetric.jobs.spi.AcceptorRecord;
import dev.symmetric.replication.cluster.Cluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Claim latency on loopback: starts 3 and 5 in-process members (RocksDB under a temporary
 * directory, the node's durability as given), then, from the first member, acquires fresh keys one
 * at a time (latency p50/p99/max), renews a held claim (the one-phase path), and acquires from
 * several threads at once (claims/s). It also times the parts of one phase on their own: an
 * acceptor record write straight to storage, and one HTTP round trip of a claim message to a peer.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.symmetric.benchmarks.jobs.ClaimLatencyBenchmark \
 *     --nodes 3,5 --durability SYNC --claims 500 --threads 8 [--access-log on]
 * }</pre>
 */
public final class ClaimLatencyBenchmark {
  private static final String SECRET = "claim-latency-benchmark";
  private static final long LEASE_MILLIS = 10_000;

  private ClaimLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = {3, 5};
    Durability durability = Durability.SYNC;
    int claims = 500;
    int threads = 8;
    boolean accessLog = false;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--access-log" -> accessLog = v.equals("on");
        case "--nodes" -> sizes = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
        case "--durability" -> durability = Durability.valueOf(v.toUpperCase(Locale.ROOT));
        case "--claims" -> claims = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    if (!accessLog) {
      // One log line per claim message, written synchronously to stderr by the simple backend,
      // is a cost of the logging set-up, not of claims: off unless asked for.
      System.setProperty("org.slf4j.simpleLogger.log.dev.symmetric.http.access", "warn");
    }
    System.out.printf(
        Locale.ROOT,
        "durability %s, %d cores, access log %s, load average %.2f%n",
        durability,
        Runtime.getRuntime().availableProcessors(),
        accessLog ? "on" : "off",
        loadAverage());
    storageOnly(durability, claims);
    for (int n : sizes) {
      cluster(n, durability, claims, threads);
    }
    System.exit(0);
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** One acceptor record write (read of the old record plus put) on its own. */
  private static void storageOnly(Durability durability, int count) throws IOException {
    Path dir = Files.createTempDirectory("claim-bench-store");
    try (DocumentStore store =
        DocumentStore.builder().dataDir(dir).durability(durability).build()) {
      DatabaseAcceptorStorage storage =
          new DatabaseAcceptorStorage(store.createDatabase("symmetric-jobs"));
      long[] took = new long[count];
      for (int i = 0; i < count; i++) {
        long t = System.nanoTime();
        storage.save("k" + (i % 16), new AcceptorRecord(i + 1, "a", i, "a", 1000, 0));
        took[i] = System.nanoTime() - t;
      }
      print("acceptor write", took);
    } finally {
      delete(dir);
    }
  }

  private static void cluster(int size, Durability durability, int count, int threads)
      throws Exception {
    Path root = Files.createTempDirectory("claim-bench");
    List<SymmetricNode> nodes = new ArrayList<>();
    List<Jobs> jobs = new ArrayList<>();
    List<Cluster> clusters = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        Cluster cluster =
            Cluster.builder()
                .seeds(i == 0 ? List.of() : List.of(nodes.get(0).baseUri()))
                .gossipIntervalMillis(100)
                .build();
        Jobs j = Jobs.builder().cluster(cluster).build();
        nodes.add(
            SymmetricNode.builder()
                .nodeId("n" + i)
                .port(0)
                .dataDir(root.resolve("n" + i))
                .durability(durability)
                .clusterSecret(SECRET)
                .component(cluster)
                .component(j)
                .build()
                .start());
        jobs.add(j);
        clusters.add(cluster);
        awaitMembers(clusters, i + 1);
      }
      Claims claims = jobs.get(0).claims();
      System.out.printf(Locale.ROOT, "%n%d nodes, load average %.2f%n", size, loadAverage());
      roundTrip(nodes.get(1).baseUri(), count);

      // Warm up connections and code paths, then measure.
      sequential(claims, "warmup", Math.min(count, 100));
      long[] acquire = sequential(claims, "seq", count);
      print("acquire (fresh key)", acquire);

      Claim held = claims.acquire("bench/renew", LEASE_MILLIS).get().orElseThrow();
      long[] renew = new long[count];
      for (int i = 0; i < count; i++) {
        long t = System.nanoTime();
        held = claims.renew(held).get().orElseThrow();
        renew[i] = System.nanoTime() - t;
      }
      print("renew", renew);

      concurrent(claims, count * 2, threads);
      System.out.printf(Locale.ROOT, "  load average at the end %.2f%n", loadAverage());
    } finally {
      for (SymmetricNode n : nodes) {
        n.close();
      }
      delete(root);
    }
  }

  private static long[] sequential(Claims claims, String prefix, int count) throws Exception {
    long[] took = new long[count];
    for (int i = 0; i < count; i++) {
      long t = System.nanoTime();
      Optional<Claim> c = claims.acquire("bench/" + prefix + "/" + i, LEASE_MILLIS).get();
      took[i] = System.nanoTime() - t;
      claims.release(c.orElseThrow(() -> new IllegalStateException("not granted"))).get();
    }
    return took;
  }

  private static void concurrent(Claims claims, int total, int threads) throws Exception {
    AtomicLong next = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    long[] took = new long[total];
    CountDownLatch done = new CountDownLatch(threads);
    long started = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    Optional<Claim> c = claims.acquire("bench/par/" + i, LEASE_MILLIS).get();
                    took[(int) i] = System.nanoTime() - s;
                    if (c.isEmpty()) {
                      refused.incrementAndGet();
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                } finally {
                  done.countDown();
                }
              });
      th.start();
    }
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("concurrent acquisitions did not finish in 10 min");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    print("acquire, " + threads + " threads", took);
    System.out.printf(
        Locale.ROOT,
        "  %d threads: %.0f claims/s, %d refused%n",
        threads,
        total / seconds,
        refused.get());
  }

  /** One claim message to a peer and back: HTTP plus the peer's acceptor write. */
  private static void roundTrip(URI peer, int count) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long[] took = new long[count];
    for (int i = 0; i < count + 50; i++) {
      String body =
          "{\"key\":\"bench/rt\",\"round\":"
              + (i + 1)
              + ",\"proposer\":\"n0\",\"lease_ms\":0,\"membership_version\":0,\"progress\":0}";
      HttpRequest req =
          HttpRequest.newBuilder(peer.resolve("/_jobs/claims/prepare"))
              .header("Content-Type", "application/json")
              .header("X-Symmetric-Secret", SECRET)
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
      long t = System.nanoTime();
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (i >= 50) {
        took[i - 50] = System.nanoTime() - t;
      }
      if (r.statusCode() != 200 && i == 0) {
        System.out.println("  round trip answered " + r.statusCode() + " " + r.body());
      }
    }
    print("one claim message round trip (HTTP/1.1, membership refused)", took);
  }

  private static void awaitMembers(List<Cluster> clusters, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!clusters.stream().allMatch(c -> c.members().size() == count)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("members did not agree on " + count + " in 30 s");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    TimeUnit.MILLISECONDS.sleep(500); // let the views settle on every member
  }

  private static void print(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    double mean = Arrays.stream(s).average().orElse(0) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "  %-40s n=%d mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        what,
        s.length,
        mean,
        s[s.length / 2] / 1e6,
        s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e6,
        s[s.length - 1] / 1e6);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
