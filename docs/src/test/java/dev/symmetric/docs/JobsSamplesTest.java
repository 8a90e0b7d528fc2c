package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsSamplesTest {
  private static final String SECRET = "docs-cluster-secret-0123";
  @TempDir Path dir;

  @Test
  void aOneOffJobRunsOnceAndAClaimCarriesAGrowingToken() throws Exception {
    JobsSamples.Work work = new JobsSamples.Work();
    JobsSamples.Started started = JobsSamples.scheduledNode(dir, 0, SECRET, work);
    try (var node = started.node()) {
      String id = JobsSamples.enqueue(started.jobs());
      assertThat(id).startsWith("queue:");
      Await.until(
          "the welcome mail",
          Duration.ofSeconds(60),
          () -> work.done.stream().anyMatch(d -> d.startsWith("mail {\"user\":\"ada\"}")));
      Await.until(
          "the job's document to say done",
          Duration.ofSeconds(60),
          () ->
              node.store()
                  .database("symmetric-jobs")
                  .get(id)
                  .body()
                  .path("state")
                  .asText()
                  .equals("done"));

      Optional<Long> first = JobsSamples.holdSeat(started.jobs());
      Optional<Long> second = JobsSamples.holdSeat(started.jobs());
      assertThat(first).isPresent();
      assertThat(second).isPresent();
      assertThat(second.get()).isGreaterThan(first.get());
      assertThat(work.done.stream().filter(d -> d.startsWith("mail"))).hasSize(1);
    }
  }
}
