package dev.symmetric.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * One database: documents with revision trees, local documents, and a changes feed. Thread-safe;
 * obtained from a {@link DocumentStore}.
 *
 * <p>Document JSON follows CouchDB: {@code _id}, {@code _rev}, {@code _deleted}, {@code _revisions}
 * and {@code _attachments} are the special members a write may carry; any other member starting
 * with an underscore is refused.
 */
public interface Database {

  String name();

  /** Counts and the current update sequence. */
  DatabaseInfo info();

  /** The current update sequence: the sequence of the newest change. 0 for an empty database. */
  long updateSeq();

  /** Revisions kept per branch before older ancestors are stemmed. */
  int revsLimit();

  /** Changes the stemming limit for future writes. */
  void revsLimit(int limit);

  /**
   * Creates or updates a document (CouchDB's {@code PUT /db/id}). The JSON must carry {@code _id};
   * an update must carry the current leaf's {@code _rev}. {@code "_deleted": true} deletes.
   *
   * @throws ConflictException when {@code _rev} is not a current leaf (or is missing for an
   *     existing document)
   * @throws BadRequestException for an invalid id, revision or special member
   */
  WriteResult put(ObjectNode doc);

  /** {@link #put(ObjectNode)} with {@code id} as the document id (it wins over {@code _id}). */
  WriteResult put(String id, ObjectNode doc);

  /** Deletes the document by adding a tombstone revision on top of {@code rev}. */
  WriteResult delete(String id, Revision rev);

  /**
   * The winning revision of a document, or the one the options name.
   *
   * @throws NotFoundException ({@code missing} or {@code deleted})
   */
  Document get(String id, GetOptions options);

  /** The winning revision of a document. */
  default Document get(String id) {
    return get(id, GetOptions.defaults());
  }

  /**
   * The given revisions of a document, or all its leaves when {@code revs} is {@code null}
   * (CouchDB's {@code open_revs=all}). With {@code latest}, a revision that has been superseded is
   * answered with the leaves that descend from it. Revisions the database lacks come back as {@link
   * OpenRevResult#missing()}.
   */
  List<OpenRevResult> openRevs(String id, List<Revision> revs, boolean latest, boolean revisions);

  /**
   * Writes many documents at once. With {@code newEdits} each is an edit checked like {@link #put};
   * without, each is a revision from elsewhere, with its history in {@code _revisions}, merged into
   * the document's tree as it is (the replicator's mode). One result per input, in order; a failed
   * document does not stop the others.
   */
  List<BulkResult> bulkDocs(List<ObjectNode> docs, boolean newEdits);

  /**
   * {@link #bulkDocs} without holding the calling thread while the write is made durable: the
   * future completes once the group commit carrying these documents is on disk. Concurrent
   * asynchronous writers share one storage write, however few threads they came from.
   */
  CompletableFuture<List<BulkResult>> bulkDocsAsync(List<ObjectNode> docs, boolean newEdits);

  /**
   * {@link #put(String, ObjectNode)} completing when durable; fails with the same exceptions.
   * {@code id} may be {@code null} to take it from {@code _id} (or generate one).
   */
  CompletableFuture<WriteResult> putAsync(String id, ObjectNode doc);

  /** For each id, the given revisions this database lacks, and leaves that may be ancestors. */
  Map<String, RevsDiff> revsDiff(Map<String, List<Revision>> revs);

  /** Changes after {@code request.since()}: each document once, at its latest change. */
  ChangesResult changes(ChangesRequest request);

  /** Documents in id order (CouchDB's {@code _all_docs}). */
  AllDocsResult allDocs(AllDocsRequest request);

  /** A local document ({@code _local/...} id, or just the part after it), never replicated. */
  ObjectNode getLocal(String id);

  /**
   * Writes a local document. {@code _rev} must match the current one when it exists ({@code 0-N});
   * the new revision is {@code 0-(N+1)}.
   */
  WriteResult putLocal(String id, ObjectNode doc);

  /** Deletes a local document; {@code rev} must match. */
  void deleteLocal(String id, Revision rev);

  /**
   * Completes once the update sequence exceeds {@code seq} (at once when it already does). Never
   * polls: writers complete it. Cancel the future to stop waiting.
   */
  CompletableFuture<Long> awaitChangeAfter(long seq);

  /**
   * Calls {@code listener} with the new update sequence after every committed change, on the
   * committing thread: keep it short. Close the handle to stop.
   */
  AutoCloseable onChange(LongConsumer listener);

  /** Removes bodies of revisions that are no longer leaves. Returns how many were removed. */
  long compact();
}
