package dev.symmetric.replication.internal.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.AllDocsResult;
import dev.symmetric.core.AllDocsRow;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ChangesResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.core.Revision;
import dev.symmetric.replication.cluster.ConflictResolver;
import dev.symmetric.replication.cluster.ConflictedDocument;
import dev.symmetric.replication.spi.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one database's {@link ConflictResolver} on every document that changes while in conflict: it
 * follows the database's changes (woken by {@code onChange}, never polling), and for each
 * conflicted document writes the merged body on top of the winner and deletes the other leaves in
 * one bulk write. Work happens on the scheduler, a bounded page at a time.
 */
final class ConflictWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConflictWatcher.class);

  /** Changes read per pass; a longer backlog continues in the next pass. */
  static final int PAGE_DOCS_MAX = 200;

  private final Database db;
  private final ConflictResolver resolver;
  private final Scheduler scheduler;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AutoCloseable subscription;
  private volatile boolean closed;
  private long since;
  private long resolved;

  ConflictWatcher(Database db, ConflictResolver resolver, Scheduler scheduler) {
    this.db = db;
    this.resolver = resolver;
    this.scheduler = scheduler;
    this.subscription = db.onChange(seq -> wake());
    wake();
  }

  Database database() {
    return db;
  }

  long resolved() {
    return resolved;
  }

  private void wake() {
    if (!closed && scheduled.compareAndSet(false, true)) {
      scheduler.execute(this::pass);
    }
  }

  private synchronized void pass() {
    scheduled.set(false);
    if (closed) {
      return;
    }
    ChangesResult page;
    try {
      page =
          db.changes(
              ChangesRequest.since(since)
                  .withLimit(PAGE_DOCS_MAX)
                  .withIncludeDocs(true)
                  .withConflicts(true));
    } catch (RuntimeException e) {
      log.warn("Reading changes of {} for conflicts failed: {}", db.name(), e.toString());
      return;
    }
    for (Change c : page.results()) {
      if (c.doc() != null && !c.deleted() && !c.doc().conflicts().isEmpty()) {
        resolve(c.doc());
      }
    }
    since = page.lastSeq();
    if (page.pending() > 0) {
      wake();
    }
  }

  private void resolve(Document winner) {
    List<Revision> losingRevs = new ArrayList<>(winner.conflicts());
    losingRevs.sort(null);
    List<Document> losers = new ArrayList<>(losingRevs.size());
    for (OpenRevResult r : db.openRevs(winner.id(), losingRevs, false, false)) {
      if (r.isOk() && !r.doc().deleted()) {
        losers.add(r.doc());
      }
    }
    if (losers.isEmpty()) {
      return;
    }
    ObjectNode merged;
    try {
      merged = resolver.resolve(winner, List.copyOf(losers));
    } catch (RuntimeException e) {
      log.warn("Conflict resolver of {} failed on {}: {}", db.name(), winner.id(), e.toString());
      return;
    }
    if (merged == null) {
      return;
    }
    ObjectNode top = merged.deepCopy();
    top.put("_id", winner.id());
    top.put("_rev", winner.rev().toString());
    List<ObjectNode> writes = new ArrayList<>(losers.size() + 1);
    writes.add(top);
    for (Document loser : losers) {
      ObjectNode tomb = GossipCodec.MAPPER.createObjectNode();
      tomb.put("_id", loser.id());
      tomb.put("_rev", loser.rev().toString());
      tomb.put("_deleted", true);
      writes.add(tomb);
    }
    List<BulkResult> results = db.bulkDocs(writes, true);
    boolean ok = results.stream().allMatch(BulkResult::isOk);
    if (ok) {
      resolved++;
      log.debug(
          "Resolved a conflict of {} in {} over {} leaves", winner.id(), db.name(), losers.size());
    } else {
      // A leaf moved under us (a newer change arrived): its change wakes us again.
      log.debug("Resolving {} in {} raced a change: {}", winner.id(), db.name(), results);
    }
  }

  /** Documents of {@code db} in conflict, in id order, at most {@code limit}. */
  static List<ConflictedDocument> list(Database db, int limit) {
    List<ConflictedDocument> out = new ArrayList<>();
    String start = null;
    while (out.size() < limit) {
      AllDocsResult page =
          db.allDocs(
              AllDocsRequest.all()
                  .withRange(start, null)
                  .withSkip(start == null ? 0 : 1)
                  .withLimit(500)
                  .withIncludeDocs(true)
                  .withConflicts(true));
      for (AllDocsRow row : page.rows()) {
        Document d = row.doc();
        if (d != null && !d.conflicts().isEmpty() && out.size() < limit) {
          out.add(
              new ConflictedDocument(
                  d.id(),
                  d.rev().toString(),
                  d.conflicts().stream().map(Revision::toString).toList()));
        }
      }
      if (page.rows().size() < 500) {
        break;
      }
      start = page.rows().get(page.rows().size() - 1).id();
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("Closing the change listener of {} failed: {}", db.name(), e.toString());
    }
  }
}
