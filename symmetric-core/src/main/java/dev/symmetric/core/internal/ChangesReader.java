package dev.symmetric.core.internal;

import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ChangesResult;
import dev.symmetric.core.Document;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.Revision;
import dev.symmetric.core.internal.revtree.RevTree;
import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.KeyValueReader;
import dev.symmetric.core.spi.Snapshot;
import dev.symmetric.core.spi.StorageEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a changes feed from the sequence index on one storage snapshot, so the sequence entries and
 * the document records it reads agree with each other.
 */
final class ChangesReader {
  /**
   * Counting what remains after a page walks the index; past this many entries {@code pending}
   * reports this bound instead of walking on.
   */
  static final int PENDING_COUNT_MAX = 10_000;

  private final DefaultDatabase db;
  private final StorageEngine engine;
  private final long dbId;

  ChangesReader(DefaultDatabase db, StorageEngine engine, long dbId) {
    this.db = db;
    this.engine = engine;
    this.dbId = dbId;
  }

  ChangesResult read(ChangesRequest req) {
    try (Snapshot snap = engine.snapshot()) {
      if (req.docIds() != null && !req.descending()) {
        return readIds(snap, req);
      }
      return readIndex(snap, req);
    }
  }

  private ChangesResult readIndex(Snapshot snap, ChangesRequest req) {
    List<Change> out = new ArrayList<>();
    KeyRange range =
        KeyRange.between(Keys.seq(dbId, req.since() + 1), Keys.space(Keys.SEQ, dbId + 1));
    if (req.descending()) {
      range = range.descending();
    }
    long lastSeq = req.since();
    long pending = 0;
    try (Cursor c = snap.scan(range)) {
      while (c.next()) {
        long seq = Keys.seqOf(c.key());
        if (out.size() >= req.limit()) {
          pending = 1 + countRest(c);
          break;
        }
        lastSeq = req.descending() ? (out.isEmpty() ? seq : lastSeq) : seq;
        SeqEntry entry = SeqEntry.decode(c.value());
        if (req.docIds() != null && !req.docIds().contains(entry.id())) {
          continue;
        }
        Change change =
            req.includeDocs() || req.filter() != null
                ? change(snap, seq, entry.id(), req)
                : change(seq, entry, req);
        if (change != null) {
          out.add(change);
        }
      }
    }
    if (req.descending() && !out.isEmpty()) {
      lastSeq = out.get(out.size() - 1).seq();
    }
    if (pending == 0 && !req.descending()) {
      lastSeq = Math.max(lastSeq, lastSeqOf(snap));
    }
    return new ChangesResult(out, lastSeq, pending);
  }

  /** With few doc ids, reading their records beats walking the whole index. */
  private ChangesResult readIds(Snapshot snap, ChangesRequest req) {
    List<Change> all = new ArrayList<>();
    for (String id : req.docIds()) {
      byte[] v = snap.get(Keys.doc(dbId, id.getBytes(StandardCharsets.UTF_8)));
      if (v == null) {
        continue;
      }
      DocRecord rec = DocRecord.decode(v);
      if (rec.seq() > req.since()) {
        Change change = change(rec, id, req, snap);
        if (change != null) {
          all.add(change);
        }
      }
    }
    all.sort(Comparator.comparingLong(Change::seq));
    List<Change> page = all.size() > req.limit() ? all.subList(0, req.limit()) : all;
    long lastSeq =
        page.size() < all.size()
            ? page.get(page.size() - 1).seq()
            : Math.max(req.since(), lastSeqOf(snap));
    return new ChangesResult(page, lastSeq, all.size() - page.size());
  }

  /** A change read from the index entry alone: no record, no body. */
  private static Change change(long seq, SeqEntry entry, ChangesRequest req) {
    List<Revision> revs = new ArrayList<>();
    if (req.allLeaves()) {
      entry.leaves().forEach(l -> revs.add(l.rev()));
    } else {
      revs.add(entry.leaves().get(0).rev());
    }
    return new Change(seq, entry.id(), revs, entry.leaves().get(0).deleted(), null);
  }

  private Change change(KeyValueReader snap, long seq, String id, ChangesRequest req) {
    byte[] v = snap.get(Keys.doc(dbId, id.getBytes(StandardCharsets.UTF_8)));
    if (v == null) {
      return null;
    }
    DocRecord rec = DocRecord.decode(v);
    return rec.seq() == seq ? change(rec, id, req, snap) : null;
  }

  private Change change(DocRecord rec, String id, ChangesRequest req, KeyValueReader snap) {
    RevTree tree = rec.tree();
    RevTree.Leaf winner = tree.winner();
    Document doc = null;
    if (req.includeDocs() || req.filter() != null) {
      doc =
          db.documentAt(
              id, rec, winner.rev(), GetOptions.defaults().withConflicts(req.conflicts()), snap);
      if (req.filter() != null && (doc == null || !req.filter().test(doc))) {
        return null;
      }
      if (!req.includeDocs()) {
        doc = null;
      }
    }
    List<Revision> revs = new ArrayList<>();
    if (req.allLeaves()) {
      tree.leaves().forEach(l -> revs.add(l.rev()));
    } else {
      revs.add(winner.rev());
    }
    return new Change(rec.seq(), id, revs, winner.deleted(), doc);
  }

  private long lastSeqOf(Snapshot snap) {
    KeyRange all = KeyRange.between(Keys.space(Keys.SEQ, dbId), Keys.space(Keys.SEQ, dbId + 1));
    try (Cursor c = snap.scan(all.descending())) {
      return c.next() ? Keys.seqOf(c.key()) : 0;
    }
  }

  private static long countRest(Cursor c) {
    long n = 0;
    while (n < PENDING_COUNT_MAX && c.next()) {
      n++;
    }
    return n;
  }
}
