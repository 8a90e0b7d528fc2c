package dev.symmetric.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.replication.spi.ChangesBatch;
import dev.symmetric.replication.spi.ChangesQuery;
import dev.symmetric.replication.spi.DocRev;
import dev.symmetric.replication.spi.Endpoint;
import dev.symmetric.replication.spi.EndpointInfo;
import dev.symmetric.replication.spi.WriteFailure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The replicator fetches the next batch while the one before it is being written, and never
 * checkpoints past a batch that is not written yet.
 */
class FetchAheadTest {

  @Test
  void nextBatchIsFetchedWhileTheFirstIsWrittenAndNothingUnwrittenIsCheckpointed()
      throws Exception {
    try (DocumentStore a = TestDbs.store();
        DocumentStore b = TestDbs.store()) {
      Database source = a.createDatabase("s");
      Database target = b.createDatabase("t");
      TestDbs.plainDocs(source, "d-", 30);
      CountDownLatch secondFetch = new CountDownLatch(2);
      CountDownLatch firstWrite = new CountDownLatch(1);
      CompletableFuture<Void> release = new CompletableFuture<>();
      AtomicInteger writes = new AtomicInteger();
      Endpoint from =
          new Delegating(Endpoints.local(source, a.uuid())) {
            @Override
            public CompletableFuture<List<ObjectNode>> fetch(List<DocRev> wanted) {
              secondFetch.countDown();
              return super.fetch(wanted);
            }
          };
      Endpoint to =
          new Delegating(Endpoints.local(target, b.uuid())) {
            @Override
            public CompletableFuture<List<WriteFailure>> writeReplicated(List<ObjectNode> docs) {
              if (writes.incrementAndGet() == 1) {
                firstWrite.countDown();
                return release.thenCompose(v -> super.writeReplicated(docs));
              }
              return super.writeReplicated(docs);
            }
          };

      try (Replication r =
          Replication.builder(from, to).batchDocsMax(10).checkpointIntervalMillis(0).build()) {
        r.start();
        assertThat(firstWrite.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(secondFetch.await(30, TimeUnit.SECONDS))
            .as("the second batch is fetched while the first is still being written")
            .isTrue();
        assertThat(writes.get()).as("writes go one at a time").isEqualTo(1);
        assertThat(r.status().lastCheckpointedSeq()).isNull();
        assertThat(target.info().docCount()).isZero();

        release.complete(null);
        ReplicationStatus done = r.completion().get(60, TimeUnit.SECONDS);
        assertThat(done.state()).isEqualTo(ReplicationState.COMPLETED);
        assertThat(done.docsWritten()).isEqualTo(30);
        assertThat(Digests.describe(target)).isEqualTo(Digests.describe(source));
      }
    }
  }

  /** Passes every call through to {@code inner}. */
  private static class Delegating implements Endpoint {
    private final Endpoint inner;

    Delegating(Endpoint inner) {
      this.inner = inner;
    }

    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public CompletableFuture<EndpointInfo> info() {
      return inner.info();
    }

    @Override
    public CompletableFuture<Void> createDatabase() {
      return inner.createDatabase();
    }

    @Override
    public CompletableFuture<Optional<ObjectNode>> getLocal(String id) {
      return inner.getLocal(id);
    }

    @Override
    public CompletableFuture<Void> putLocal(String id, ObjectNode doc) {
      return inner.putLocal(id, doc);
    }

    @Override
    public CompletableFuture<ChangesBatch> changes(ChangesQuery query) {
      return inner.changes(query);
    }

    @Override
    public CompletableFuture<Map<String, List<String>>> revsDiff(Map<String, List<String>> revs) {
      return inner.revsDiff(revs);
    }

    @Override
    public CompletableFuture<List<ObjectNode>> fetch(List<DocRev> wanted) {
      return inner.fetch(wanted);
    }

    @Override
    public CompletableFuture<List<WriteFailure>> writeReplicated(List<ObjectNode> docs) {
      return inner.writeReplicated(docs);
    }

    @Override
    public CompletableFuture<Void> ensureFullCommit() {
      return inner.ensureFullCommit();
    }
  }
}
