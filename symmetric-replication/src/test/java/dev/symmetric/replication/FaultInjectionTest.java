package dev.symmetric.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultInjectionTest {

  private static ReplicationStatus run(Replication.Builder b) throws Exception {
    try (Replication r = b.build().start()) {
      return r.completion().get(60, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void flakyPeersStillConvergeAndLoseNoRevision(long seed) throws Exception {
    Random random = new Random(seed);
    try (DocumentStore a = TestDbs.store();
        DocumentStore b = TestDbs.store()) {
      Database source = a.createDatabase("s");
      Database target = b.createDatabase("t");
      TestDbs.richHistory(source);
      TestDbs.plainDocs(source, "more-", 150);
      FaultyEndpoint from =
          FaultyEndpoint.wrap(Endpoints.local(source, a.uuid()))
              .random(new Random(random.nextLong()))
              .failProbability(0.1)
              .delayMillisMax(3)
              .build();
      FaultyEndpoint to =
          FaultyEndpoint.wrap(Endpoints.local(target, b.uuid()))
              .random(new Random(random.nextLong()))
              .failFirst(2)
              .failProbability(0.1)
              .duplicateWrites(true)
              .delayMillisMax(3)
              .build();

      ReplicationStatus s =
          run(
              Replication.builder(from, to)
                  .batchDocsMax(25)
                  .checkpointIntervalMillis(0)
                  .backoffMillis(1, 4)
                  .attemptsMax(1_000)
                  .random(new Random(random.nextLong())));

      assertThat(s.state()).as("%s", s).isEqualTo(ReplicationState.COMPLETED);
      assertThat(from.injectedFailures() + to.injectedFailures()).isPositive();
      assertThat(Digests.describe(target)).isEqualTo(Digests.describe(source));
      assertThat(Digests.knownRevisions(target)).containsAll(Digests.knownRevisions(source));
    }
  }

  @Test
  void duplicatedWritesAreHarmless() throws Exception {
    try (DocumentStore a = TestDbs.store();
        DocumentStore b = TestDbs.store()) {
      Database source = a.createDatabase("s");
      Database target = b.createDatabase("t");
      TestDbs.richHistory(source);
      FaultyEndpoint to =
          FaultyEndpoint.wrap(Endpoints.local(target, b.uuid())).duplicateWrites(true).build();

      ReplicationStatus s = run(Replication.builder(Endpoints.local(source, a.uuid()), to));

      assertThat(s.docWriteFailures()).isZero();
      assertThat(Digests.describe(target)).isEqualTo(Digests.describe(source));
    }
  }
}
