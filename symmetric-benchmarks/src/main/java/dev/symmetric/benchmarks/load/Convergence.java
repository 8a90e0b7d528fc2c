package dev.symmetric.benchmarks.load;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Live convergence latency: a writer PUTs new documents to one node at a fixed rate, watchers
 * follow {@code _changes?feed=continuous&since=now} on the other nodes, and each document's latency
 * is the time from the writer's acknowledgement to its line in a watcher's feed (one clock, this
 * process). Prints p50, p90, p99 and max per watcher; documents a watcher never saw within the
 * grace time count as missing.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.symmetric.benchmarks.load.Convergence \
 *     --writer http://127.0.0.1:5981/db/conv \
 *     --watch http://127.0.0.1:5982/db/conv,http://127.0.0.1:5983/db/conv \
 *     --rate 1000 --seconds 20 --secret S
 * }</pre>
 */
public final class Convergence {

  private Convergence() {}

  public static void main(String[] args) throws Exception {
    Flags flags = Flags.parse(args);
    URI writer = Http.db(flags.required("writer"));
    List<URI> watched = new ArrayList<>();
    for (String w : flags.required("watch").split(",")) {
      watched.add(Http.db(w.trim()));
    }
    int rate = flags.intValue("rate", 1_000);
    int seconds = flags.intValue("seconds", 20);
    int graceSeconds = flags.intValue("grace-seconds", 10);
    int total = rate * seconds;
    Http http = new Http(flags.get("secret", ""));
    String run = Long.toString(System.currentTimeMillis(), 36);

    long[] acked = new long[total];
    Arrays.fill(acked, -1);
    AtomicInteger failed = new AtomicInteger();
    Map<String, Integer> errors = new ConcurrentHashMap<>();
    List<AtomicLongArray> seen = new ArrayList<>();
    List<Thread> watchers = new ArrayList<>();
    CountDownLatch connected = new CountDownLatch(watched.size());
    for (URI db : watched) {
      AtomicLongArray times = new AtomicLongArray(total);
      seen.add(times);
      Thread t = new Thread(() -> watch(http, db, run, times, connected), "watch " + db);
      t.setDaemon(true);
      t.start();
      watchers.add(t);
    }
    if (!connected.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a watcher could not open its feed");
    }

    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(total);
    long periodNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    pacer.scheduleAtFixedRate(
        () -> {
          int i = next.getAndIncrement();
          if (i >= total) {
            return;
          }
          String body = "{\"n\":" + i + ",\"run\":\"" + run + "\"}";
          http.client()
              .sendAsync(
                  http.request(Http.child(writer, "w-" + run + "-" + i))
                      .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (r, e) -> {
                    if (e == null && r.statusCode() / 100 == 2) {
                      synchronized (acked) {
                        acked[i] = System.nanoTime();
                      }
                    } else {
                      failed.incrementAndGet();
                      // The cause, not the CompletionException around it: a timeout, a refused
                      // or reset connection, or the server's own answer.
                      Throwable cause = e != null && e.getCause() != null ? e.getCause() : e;
                      errors.merge(
                          cause != null
                              ? cause.getClass().getSimpleName()
                              : "HTTP " + r.statusCode(),
                          1,
                          Integer::sum);
                    }
                    done.countDown();
                  });
        },
        0,
        periodNanos,
        TimeUnit.NANOSECONDS);
    boolean allAnswered = done.await(seconds + 30L, TimeUnit.SECONDS);
    pacer.shutdownNow();
    double writeSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "writer: %d PUTs to %s in %.2f s (%.0f/s), %d failed%s%n",
        total,
        writer,
        writeSeconds,
        total / writeSeconds,
        failed.get(),
        allAnswered ? "" : ", some unanswered");
    if (!errors.isEmpty()) {
      System.out.println("writer failures: " + errors);
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
    while (System.nanoTime() < deadline && !allSeen(acked, seen)) {
      Thread.sleep(50);
    }
    for (int w = 0; w < watched.size(); w++) {
      report(watched.get(w), acked, seen.get(w));
    }
    System.exit(0);
  }

  private static void watch(
      Http http, URI db, String run, AtomicLongArray times, CountDownLatch connected) {
    URI feed = URI.create(db + "/_changes?feed=continuous&since=now&heartbeat=1000");
    Pattern mine = Pattern.compile("\"id\":\"w-" + run + "-(\\d+)\"");
    try {
      HttpResponse<Stream<String>> r =
          http.client().send(http.request(feed).GET().build(), HttpResponse.BodyHandlers.ofLines());
      connected.countDown();
      r.body()
          .forEach(
              line -> {
                Matcher m = mine.matcher(line);
                if (m.find()) {
                  int i = Integer.parseInt(m.group(1));
                  if (i < times.length()) {
                    times.compareAndSet(i, 0, System.nanoTime());
                  }
                }
              });
    } catch (Exception e) {
      System.err.println("watcher " + db + " stopped: " + e);
    }
  }

  private static boolean allSeen(long[] acked, List<AtomicLongArray> seen) {
    synchronized (acked) {
      for (AtomicLongArray times : seen) {
        for (int i = 0; i < acked.length; i++) {
          if (acked[i] >= 0 && times.get(i) == 0) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static void report(URI db, long[] acked, AtomicLongArray times) {
    List<Long> micros = new ArrayList<>();
    int missing = 0;
    int beforeAck = 0;
    synchronized (acked) {
      for (int i = 0; i < acked.length; i++) {
        if (acked[i] < 0) {
          continue;
        }
        long t = times.get(i);
        if (t == 0) {
          missing++;
        } else {
          long d = t - acked[i];
          if (d < 0) {
            beforeAck++;
            d = 0;
          }
          micros.add(d / 1_000);
        }
      }
    }
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      System.out.printf("watcher %s: saw nothing, %d missing%n", db, missing);
      return;
    }
    System.out.printf(
        "watcher %s: %d seen, %d missing, %d seen before the ack; ack to visible ms:"
            + " p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
        db,
        sorted.length,
        missing,
        beforeAck,
        pct(sorted, 50) / 1e3,
        pct(sorted, 90) / 1e3,
        pct(sorted, 99) / 1e3,
        sorted[sorted.length - 1] / 1e3);
  }

  private static double pct(long[] sorted, double p) {
    int idx = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }
}
