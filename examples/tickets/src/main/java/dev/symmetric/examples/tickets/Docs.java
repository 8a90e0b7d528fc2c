package dev.symmetric.examples.tickets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.AllDocsRow;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Reads and writes of the service's documents on this node's replica. */
final class Docs {
  /** Attempts of a read-modify-write before giving up on a document that keeps changing. */
  static final int UPDATE_ATTEMPTS_MAX = 8;

  private Docs() {}

  static Optional<Document> find(Database db, String id) {
    try {
      return Optional.of(db.get(id));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * The document, waiting up to {@code waitMillis} for it to replicate here: a client that wrote it
   * on another node a moment ago should not be told it does not exist.
   */
  static Optional<Document> await(Database db, String id, long waitMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    while (true) {
      long seq = db.updateSeq();
      Optional<Document> doc = find(db, id);
      long left = deadline - System.nanoTime();
      if (doc.isPresent() || left <= 0) {
        return doc;
      }
      var change = db.awaitChangeAfter(seq);
      try {
        change.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        change.cancel(false);
      } catch (ExecutionException e) {
        return find(db, id);
      }
    }
  }

  /**
   * Applies {@code edit} to the current body and writes it, again on a concurrent local change.
   * {@code edit} returns null to leave the document as it is.
   *
   * @return the document as written, or as found when {@code edit} declined
   */
  static Document update(Database db, String id, Function<ObjectNode, ObjectNode> edit) {
    for (int attempt = 0; ; attempt++) {
      Document current = db.get(id);
      ObjectNode next = edit.apply(current.body());
      if (next == null) {
        return current;
      }
      next.put("_id", id);
      next.put("_rev", current.rev().toString());
      try {
        db.put(next);
        return db.get(id);
      } catch (ConflictException e) {
        if (attempt + 1 >= UPDATE_ATTEMPTS_MAX) {
          throw e;
        }
      }
    }
  }

  /** Documents whose ids start with {@code prefix} (all when empty), at most {@code limit}. */
  static List<Document> list(Database db, String prefix, int limit) {
    AllDocsRequest req = AllDocsRequest.all().withIncludeDocs(true).withLimit(limit);
    if (!prefix.isEmpty()) {
      req = req.withRange(prefix, prefix + "\uffff");
    }
    List<Document> out = new ArrayList<>();
    for (AllDocsRow row : db.allDocs(req).rows()) {
      if (row.doc() != null && !row.deleted()) {
        out.add(row.doc());
      }
    }
    return out;
  }
}
