package dev.symmetric.jobs.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three member JVMs run {@code tick} every second. The node running it is SIGKILLed; another takes
 * over once the lease has run out. The replicated run history must show no two runs of the job
 * overlapping in time, tokens growing with start time, and runs going on after the kill.
 */
class JobsProcessTest {
  private static final String SECRET = "jobs-process-test-secret";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration JOIN = Duration.ofSeconds(60);

  /** A run as the history records it; {@code end} is -1 while it runs (or its node died). */
  record Run(String node, long slot, long token, long start, long end, String outcome) {}

  @TempDir Path dir;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    nodes.forEach(NodeProcess::stop);
  }

  @Test
  void aKilledRunnerIsReplacedAndRunsNeverOverlap() throws Exception {
    List<Integer> ports = FreePorts.pick(3);
    String[] ids = {"a", "b", "c"};
    for (int i = 0; i < 3; i++) {
      List<String> seeds = i == 0 ? List.of() : List.of("http://127.0.0.1:" + ports.get(0));
      NodeProcess n = new NodeProcess(ids[i], ports.get(i), dir, SECRET, seeds);
      nodes.add(n);
      n.start();
      n.awaitReady(JOIN);
      // One member at a time, each once every member lists it (docs/jobs.md, "Membership").
      int count = i + 1;
      await(
          "every member lists " + count + " members",
          JOIN,
          () -> nodes.stream().allMatch(x -> aliveMembers(x) == count));
    }

    await("tick ran three times", JOIN, () -> runs(nodes.get(0)).size() >= 3);
    List<Run> before = runs(nodes.get(0));
    String runner = before.get(before.size() - 1).node();
    NodeProcess victim = nodes.stream().filter(n -> n.id.equals(runner)).findFirst().orElseThrow();
    long killedAt = System.currentTimeMillis();
    victim.kill();
    NodeProcess survivor = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();

    await(
        "three runs on other nodes after the kill",
        JOIN,
        () ->
            runs(survivor).stream()
                    .filter(r -> r.start() > killedAt && !r.node().equals(runner))
                    .filter(r -> r.end() >= 0)
                    .count()
                >= 3);

    List<Run> all = runs(survivor);
    assertThat(all.stream().filter(r -> r.node().equals(runner) && r.start() < killedAt))
        .as("runs by the killed node before the kill")
        .isNotEmpty();
    List<Run> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingLong(Run::start));
    for (int i = 1; i < sorted.size(); i++) {
      Run prev = sorted.get(i - 1);
      Run next = sorted.get(i);
      // A run its node did not finish ended at the kill at the latest.
      long prevEnd = prev.end() >= 0 ? prev.end() : killedAt;
      assertThat(next.start())
          .as("%s starts after %s ended (all runs: %s)", next, prev, sorted)
          .isGreaterThanOrEqualTo(prevEnd);
      assertThat(next.token()).as("token of %s after %s", next, prev).isGreaterThan(prev.token());
    }
    assertThat(all.stream().filter(r -> r.end() < 0 && !r.node().equals(runner)))
        .as("unfinished runs of live nodes at the end: at most the current one")
        .hasSizeLessThanOrEqualTo(1);
  }

  private List<Run> runs(NodeProcess n) {
    String range =
        "startkey="
            + URLEncoder.encode("\"run:tick:\"", StandardCharsets.UTF_8)
            + "&endkey="
            + URLEncoder.encode("\"run:tick:\ufff0\"", StandardCharsets.UTF_8);
    JsonNode body = get(n, "/db/symmetric-jobs/_all_docs?include_docs=true&" + range);
    List<Run> out = new ArrayList<>();
    for (JsonNode row : body.path("rows")) {
      JsonNode d = row.path("doc");
      out.add(
          new Run(
              d.path("node").asText(),
              d.path("slot").asLong(),
              d.path("token").asLong(),
              d.path("start").asLong(),
              d.path("end").asLong(-1),
              d.path("outcome").asText()));
    }
    out.sort(Comparator.comparingLong(Run::start));
    return out;
  }

  private int aliveMembers(NodeProcess n) {
    int alive = 0;
    for (JsonNode m : get(n, "/_cluster").path("members")) {
      if (m.path("state").asText().equals("alive")) {
        alive++;
      }
    }
    return alive;
  }

  private JsonNode get(NodeProcess n, String path) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(n.baseUrl() + path))
                  .header("X-Symmetric-Secret", SECRET)
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.nullNode();
    } catch (IOException e) {
      return JSON.nullNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code timeout}. */
  private void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        StringBuilder logs = new StringBuilder();
        nodes.forEach(n -> logs.append('\n').append(n.logTail()));
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms: " + what + logs);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }
}
