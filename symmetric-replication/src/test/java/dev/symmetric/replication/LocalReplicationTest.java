package dev.symmetric.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.replication.spi.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalReplicationTest {
  private DocumentStore a;
  private DocumentStore b;
  private Database source;
  private Database target;

  @BeforeEach
  void open() {
    a = TestDbs.store();
    b = TestDbs.store();
    source = a.createDatabase("source");
    target = b.createDatabase("target");
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  private Endpoint src() {
    return Endpoints.local(source, a.uuid());
  }

  private Endpoint tgt() {
    return Endpoints.local(target, b.uuid());
  }

  private ReplicationStatus runOnce(Replication.Builder builder) throws Exception {
    try (Replication r = builder.build().start()) {
      return r.completion().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void oneShotCopiesWholeRevisionTrees() throws Exception {
    TestDbs.richHistory(source);

    ReplicationStatus done = runOnce(Replication.builder(src(), tgt()).replicatorId(a.uuid()));

    assertThat(done.state()).isEqualTo(ReplicationState.COMPLETED);
    assertThat(done.lastError()).isNull();
    assertThat(Digests.describe(target)).isEqualTo(Digests.describe(source));
    assertThat(Digests.knownRevisions(target)).containsAll(Digests.knownRevisions(source));
    List<OpenRevResult> leaves = target.openRevs("conflicted", null, false, false);
    assertThat(leaves).hasSize(3);
    assertThat(target.get("conflicted").rev().toString()).isEqualTo("2-eee");
    assertThat(target.get("with-attachment").body().path("_attachments").has("hello.txt")).isTrue();
    assertThat(target.get("_design/app").body().path("version").asInt()).isEqualTo(1);
    assertThat(done.docsWritten()).isEqualTo(done.docsRead());
    assertThat(done.pending()).isZero();
    assertThat(done.lastCheckpointedSeq()).isEqualTo(Long.toString(source.updateSeq()));
  }

  @Test
  void idleContinuousReplicationTakesTheNextChangeWithoutCheckpointingFirst() throws Exception {
    TestDbs.plainDocs(source, "d-", 5);
    Replication r =
        Replication.builder(src(), tgt())
            .continuous(true)
            .checkpointIntervalMillis(3_600_000)
            .build()
            .start();
    try {
      Await.until(
          "the first documents, then idle",
          Duration.ofSeconds(30),
          () -> target.info().docCount() == 5 && r.status().state() == ReplicationState.IDLE);
      TestDbs.put(source, "late", "x", 1);
      Await.until(
          "the change made while idle",
          Duration.ofSeconds(30),
          () -> target.info().docCount() == 6);
      // Going idle twice wrote no checkpoint: the interval (an hour) has not passed.
      assertThat(r.status().lastCheckpointedSeq()).isNull();
    } finally {
      r.stop();
    }
    // Stopping still keeps the progress.
    ReplicationStatus stopped = r.completion().get(30, TimeUnit.SECONDS);
    assertThat(stopped.lastCheckpointedSeq()).isEqualTo(Long.toString(source.updateSeq()));
  }

  @Test
  void secondRunResumesFromTheCheckpointOnBothEnds() throws Exception {
    TestDbs.plainDocs(source, "first-", 30);
    Replication.Builder builder = Replication.builder(src(), tgt()).replicatorId(a.uuid());
    ReplicationStatus first = runOnce(builder);
    assertThat(first.docsRead()).isEqualTo(30);

    TestDbs.plainDocs(source, "second-", 7);
    ReplicationStatus second = runOnce(builder);

    assertThat(second.replicationId()).isEqualTo(first.replicationId());
    assertThat(second.docsRead()).isEqualTo(7);
    assertThat(second.docsWritten()).isEqualTo(7);
    assertThat(Digests.of(target)).isEqualTo(Digests.of(source));
    ObjectNode onSource = source.getLocal("_local/" + second.replicationId());
    ObjectNode onTarget = target.getLocal("_local/" + second.replicationId());
    assertThat(onSource.path("session_id")).isEqualTo(onTarget.path("session_id"));
    assertThat(onSource.path("source_last_seq").asLong()).isEqualTo(source.updateSeq());
    assertThat(onSource.path("history")).hasSize(2);
    assertThat(onSource.path("history").get(0).path("docs_written").asLong()).isEqualTo(7);
  }

  @Test
  void lostTargetCheckpointRestartsFromTheBeginning() throws Exception {
    TestDbs.plainDocs(source, "d", 10);
    Replication.Builder builder = Replication.builder(src(), tgt());
    String id = runOnce(builder).replicationId();
    ObjectNode log = target.getLocal("_local/" + id);
    target.deleteLocal("_local/" + id, dev.symmetric.core.Revision.parse(log.get("_rev").asText()));

    ReplicationStatus again = runOnce(builder);

    // Every change is looked at again; nothing is missing, so nothing is fetched.
    assertThat(again.docsRead()).isZero();
    assertThat(again.lastCheckpointedSeq()).isEqualTo(Long.toString(source.updateSeq()));
  }

  @Test
  void continuousReplicationFollowsWritesAndWaitsWithoutPolling() throws Exception {
    TestDbs.plainDocs(source, "before-", 5);
    FaultyEndpoint counting = FaultyEndpoint.wrap(src()).build();
    Replication r =
        Replication.builder(counting, tgt())
            .continuous(true)
            .longpollMillis(600_000)
            .build()
            .start();
    try {
      Await.until(
          "idle", Duration.ofSeconds(20), () -> r.status().state() == ReplicationState.IDLE);
      assertThat(Digests.of(target)).isEqualTo(Digests.of(source));
      int changesWhileIdle = counting.changesCalls();

      long seq = target.updateSeq();
      source.put(TestDbs.doc("after").put("v", 1));
      target.awaitChangeAfter(seq).get(20, TimeUnit.SECONDS);

      assertThat(target.get("after").body().path("v").asInt()).isEqualTo(1);
      // The idle wait was one request that a commit answered, not a poll loop.
      Await.until(
          "idle again", Duration.ofSeconds(20), () -> r.status().state() == ReplicationState.IDLE);
      assertThat(counting.changesCalls() - changesWhileIdle).isBetween(1, 3);
    } finally {
      r.stop();
    }
    ReplicationStatus end = r.completion().get(10, TimeUnit.SECONDS);
    assertThat(end.state()).isEqualTo(ReplicationState.STOPPED);
    assertThat(r.status().state()).isEqualTo(ReplicationState.STOPPED);
  }

  @Test
  void filterAndDocIdsReplicateOnlyWhatTheyName() throws Exception {
    TestDbs.plainDocs(source, "d", 10);
    source.put(TestDbs.doc("keep-me").put("type", "keep"));
    source.put(TestDbs.doc("skip-me").put("type", "skip"));

    ReplicationStatus filtered =
        runOnce(
            Replication.builder(src(), tgt())
                .filter("type-keep", d -> "keep".equals(d.path("type").asText())));
    assertThat(filtered.docsRead()).isEqualTo(12);
    assertThat(filtered.docsWritten()).isEqualTo(1);
    assertThat(Digests.describe(target).keySet()).containsExactly("keep-me");

    ReplicationStatus byId =
        runOnce(Replication.builder(src(), tgt()).docIds(Set.of("d3", "d7", "no-such-doc")));
    assertThat(byId.replicationId()).isNotEqualTo(filtered.replicationId());
    assertThat(byId.docsWritten()).isEqualTo(2);
    assertThat(Digests.describe(target).keySet()).containsExactly("d3", "d7", "keep-me");
  }

  @Test
  void replicationIdIsStableAndDependsOnTheSettings() {
    String one =
        Replication.builder(src(), tgt()).replicatorId("x").build().status().replicationId();
    String two =
        Replication.builder(src(), tgt()).replicatorId("x").build().status().replicationId();
    String other =
        Replication.builder(src(), tgt()).replicatorId("y").build().status().replicationId();
    String reverse =
        Replication.builder(tgt(), src()).replicatorId("x").build().status().replicationId();
    assertThat(one).isEqualTo(two).hasSize(32).isNotEqualTo(other).isNotEqualTo(reverse);
  }

  @Test
  void builderRejectsBadSettingsAtOnce() {
    Replication.Builder b = Replication.builder(src(), tgt());
    assertThatThrownBy(() -> b.batchDocsMax(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.backoffMillis(100, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.attemptsMax(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.longpollMillis(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.docIds(Set.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Replication.builder(src(), src()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingSourceFailsWithoutRetrying() throws Exception {
    Database gone = a.createDatabase("gone");
    Endpoint goneEndpoint = Endpoints.local(gone, a.uuid());
    a.deleteDatabase("gone");

    ReplicationStatus done =
        runOnce(Replication.builder(goneEndpoint, tgt()).backoffMillis(1, 2).random(new Random(3)));

    assertThat(done.state()).isEqualTo(ReplicationState.FAILED);
    assertThat(done.lastError()).isNotNull();
  }

  @Test
  void transientFailuresBackOffAndOneShotGivesUpAfterAttemptsMax() throws Exception {
    TestDbs.plainDocs(source, "d", 3);
    FaultyEndpoint flaky = FaultyEndpoint.wrap(tgt()).failFirst(3).build();
    ReplicationStatus ok =
        runOnce(Replication.builder(src(), flaky).backoffMillis(1, 5).random(new Random(1)));
    assertThat(ok.state()).isEqualTo(ReplicationState.COMPLETED);
    assertThat(ok.lastError()).contains("injected");
    assertThat(Digests.of(target)).isEqualTo(Digests.of(source));

    FaultyEndpoint down = FaultyEndpoint.wrap(tgt()).failProbability(1.0).build();
    ReplicationStatus failed =
        runOnce(Replication.builder(src(), down).backoffMillis(1, 5).attemptsMax(4));
    assertThat(failed.state()).isEqualTo(ReplicationState.FAILED);
    assertThat(down.injectedFailures()).isGreaterThanOrEqualTo(4);
  }
}
