package dev.symmetric.replication.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One side of a replication: a database the replicator reads from or writes to, spoken to through
 * the calls of the CouchDB replication protocol. Implementations exist for a local database
 * (in-process) and a remote database URL (a symmetric node, CouchDB, pouchdb-server); tests wrap
 * them to drop, delay, duplicate or reorder calls.
 *
 * <p>Every call is asynchronous so one replicator thread can drive many replications and a
 * simulated scheduler can drive them deterministically. A failed call completes exceptionally with
 * {@link EndpointException}.
 */
public interface Endpoint {

  /** A stable name for the replication id, e.g. the database URL without credentials. */
  String id();

  /** The server's uuid and the database's update sequence; fails with 404 when it is missing. */
  CompletableFuture<EndpointInfo> info();

  /** Creates the database when it does not exist (a replication's {@code create_target}). */
  CompletableFuture<Void> createDatabase();

  /** A local (never replicated) document, e.g. a checkpoint. */
  CompletableFuture<Optional<ObjectNode>> getLocal(String id);

  /** Writes a local document; {@code doc} carries the {@code _rev} read before, if any. */
  CompletableFuture<Void> putLocal(String id, ObjectNode doc);

  /** Changes after {@code query.since()} with every leaf ({@code style=all_docs}). */
  CompletableFuture<ChangesBatch> changes(ChangesQuery query);

  /** For each id, the given revisions this database lacks. Ids lacking nothing are left out. */
  CompletableFuture<Map<String, List<String>>> revsDiff(Map<String, List<String>> revs);

  /**
   * The asked-for revisions with their {@code _revisions} history and inline attachments, the
   * newest leaf instead of a superseded one ({@code latest=true}). Revisions the database does not
   * have are left out.
   */
  CompletableFuture<List<ObjectNode>> fetch(List<DocRev> wanted);

  /** Writes revisions as they are ({@code new_edits=false}); returns the documents that failed. */
  CompletableFuture<List<WriteFailure>> writeReplicated(List<ObjectNode> docs);

  /** Makes every write so far durable (CouchDB's {@code _ensure_full_commit}). */
  CompletableFuture<Void> ensureFullCommit();
}
