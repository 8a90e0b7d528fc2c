package dev.symmetric.replication.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.replication.Endpoints;
import dev.symmetric.replication.Replication;
import dev.symmetric.replication.ReplicationState;
import dev.symmetric.replication.ReplicationStatus;
import dev.symmetric.replication.spi.ChangesBatch;
import dev.symmetric.replication.spi.ChangesQuery;
import dev.symmetric.replication.spi.DocRev;
import dev.symmetric.replication.spi.Endpoint;
import dev.symmetric.replication.spi.EndpointInfo;
import dev.symmetric.replication.spi.WriteFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guards that the revisions of one document travel in one fetch and one write. A conflict
 * resolution writes a merged revision and the loser's deletion in one bulk write; a peer that
 * received the deletion in one write and the merged revision in the next read the document as
 * deleted in between.
 */
class RevisionsTravelTogetherTest {
  private static final ObjectMapper M = new ObjectMapper();

  private DocumentStore a;
  private DocumentStore b;
  private Database source;
  private Database target;

  @BeforeEach
  void open() {
    a = DocumentStore.builder().storage(StorageEngines.inMemory()).build();
    b = DocumentStore.builder().storage(StorageEngines.inMemory()).build();
    source = a.createDatabase("source");
    target = b.createDatabase("target");
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void aResolvedConflictNeverReadsAsDeletedOnTheWayToAPeer() throws Exception {
    // The target has branch A only; the source resolved A against B: B merged, A deleted.
    write(target, rev("x", 1, "a", List.of()), rev("x", 2, "aa", List.of("a")));
    write(source, rev("early", 1, "e", List.of()));
    write(
        source,
        rev("x", 1, "a", List.of()),
        rev("x", 2, "aa", List.of("a")),
        rev("x", 2, "bb", List.of("a")));
    write(
        source,
        rev("x", 3, "merged", List.of("bb", "a")),
        rev("x", 3, "gone", List.of("aa", "a")).put("_deleted", true));

    Recording recording = new Recording(Endpoints.local(target, b.uuid()), target);
    // Two revisions per chunk: "early" and one of x's two would share a chunk if split by count.
    ReplicationStatus done;
    try (Replication r =
        Replication.builder(Endpoints.local(source, a.uuid()), recording)
            .replicatorId(a.uuid())
            .batchDocsMax(2)
            .build()
            .start()) {
      done = r.completion().get(30, TimeUnit.SECONDS);
    }

    assertThat(done.state()).isEqualTo(ReplicationState.COMPLETED);
    assertThat(recording.writesOf("x")).as("writes carrying x").isEqualTo(1);
    assertThat(recording.deletedAfterWrite).as("x read as deleted after a write").isFalse();
    assertThat(target.get("x").rev().toString()).isEqualTo("3-merged");
  }

  @Test
  void chunksKeepEachDocumentsRevisionsTogether() {
    Map<String, List<String>> missing = new LinkedHashMap<>();
    missing.put("p", List.of("1-p"));
    missing.put("x", List.of("3-m", "3-d"));
    missing.put("big", List.of("2-a", "2-b", "2-c"));
    missing.put("q", List.of("1-q"));

    List<List<DocRev>> chunks = Replicator.chunksByDocument(missing, 2);

    assertThat(chunks)
        .containsExactly(
            List.of(new DocRev("p", "1-p")),
            List.of(new DocRev("x", "3-m"), new DocRev("x", "3-d")),
            List.of(new DocRev("big", "2-a"), new DocRev("big", "2-b"), new DocRev("big", "2-c")),
            List.of(new DocRev("q", "1-q")));
  }

  @Test
  void bulkDocsChunksKeepEachDocumentsRevisionsTogether() {
    List<ObjectNode> docs =
        List.of(
            rev("p", 1, "p", List.of()),
            rev("x", 3, "m", List.of()),
            rev("q", 1, "q", List.of()),
            rev("x", 3, "d", List.of()));

    List<List<ObjectNode>> chunks = RemoteEndpoint.writeChunks(docs, 2);

    List<List<String>> ids = new ArrayList<>();
    for (List<ObjectNode> chunk : chunks) {
      ids.add(
          chunk.stream().map(d -> d.get("_id").asText() + "@" + d.get("_rev").asText()).toList());
    }
    assertThat(ids).containsExactly(List.of("p@1-p"), List.of("x@3-m", "x@3-d"), List.of("q@1-q"));
  }

  private static ObjectNode rev(String id, int gen, String hash, List<String> ancestors) {
    ObjectNode d = M.createObjectNode().put("_id", id).put("_rev", gen + "-" + hash);
    ObjectNode revs = d.putObject("_revisions");
    revs.put("start", gen);
    var ids = revs.putArray("ids");
    ids.add(hash);
    ancestors.forEach(ids::add);
    return d.put("v", hash);
  }

  private static void write(Database db, ObjectNode... docs) {
    for (BulkResult r : db.bulkDocs(List.of(docs), false)) {
      assertThat(r.isOk()).as("setup write of %s: %s", r.id(), r.error()).isTrue();
    }
  }

  /** Forwards to a real endpoint; counts the writes that carry each id and reads x after each. */
  private static final class Recording implements Endpoint {
    private final Endpoint inner;
    private final Database db;
    private final List<List<String>> writes = Collections.synchronizedList(new ArrayList<>());
    volatile boolean deletedAfterWrite;

    Recording(Endpoint inner, Database db) {
      this.inner = inner;
      this.db = db;
    }

    long writesOf(String id) {
      synchronized (writes) {
        return writes.stream().filter(w -> w.contains(id)).count();
      }
    }

    @Override
    public CompletableFuture<List<WriteFailure>> writeReplicated(List<ObjectNode> docs) {
      writes.add(docs.stream().map(d -> d.path("_id").asText()).toList());
      return inner
          .writeReplicated(docs)
          .thenApply(
              failures -> {
                try {
                  db.get("x");
                } catch (NotFoundException deleted) {
                  deletedAfterWrite = true;
                }
                return failures;
              });
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
    public CompletableFuture<Void> ensureFullCommit() {
      return inner.ensureFullCommit();
    }
  }
}
