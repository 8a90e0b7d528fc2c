package dev.symmetric.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.SymmetricNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerRestartTest {
  @TempDir Path dir;

  private static SymmetricNode node(Path data, int port) {
    return SymmetricNode.builder().port(port).dataDir(data).build().start();
  }

  @Test
  void continuousPullPicksUpAPeerThatWentAwayAndCameBack() throws Exception {
    SymmetricNode node = node(dir, 0);
    int port = node.port();
    Database remote = node.store().createDatabase("orders");
    TestDbs.plainDocs(remote, "first-", 20);
    Set<ReplicationState> seen = ConcurrentHashMap.newKeySet();
    try (DocumentStore local = TestDbs.store();
        PeerClient http = PeerClient.builder().requestTimeoutMillis(5_000).build()) {
      Database copy = local.createDatabase("orders");
      Replication r =
          Replication.builder(
                  Endpoints.remote(node.databaseUri("orders"), http),
                  Endpoints.local(copy, local.uuid()))
              .continuous(true)
              .backoffMillis(20, 200)
              .longpollMillis(2_000)
              .random(new Random(7))
              .build()
              .start();
      try {
        Await.until("first docs", Duration.ofSeconds(20), () -> copy.info().docCount() == 20);

        node.close();
        Await.until(
            "backing off",
            Duration.ofSeconds(20),
            () -> {
              seen.add(r.status().state());
              return r.status().state() == ReplicationState.BACKING_OFF;
            },
            r::status);

        node = node(dir, port);
        TestDbs.plainDocs(node.store().database("orders"), "second-", 15);
        Database again = node.store().database("orders");
        Await.until(
            "convergence after the restart",
            Duration.ofSeconds(30),
            () -> Digests.of(copy).equals(Digests.of(again)),
            r::status);
        Await.until(
            "running again",
            Duration.ofSeconds(10),
            () ->
                EnumSet.of(ReplicationState.RUNNING, ReplicationState.IDLE)
                    .contains(r.status().state()),
            r::status);
        assertThat(copy.info().docCount()).isEqualTo(35);
        assertThat(r.status().lastError()).isNotNull();
      } finally {
        r.stop();
        node.close();
      }
      assertThat(r.completion().get(10, TimeUnit.SECONDS).state())
          .isEqualTo(ReplicationState.STOPPED);
    }
  }
}
