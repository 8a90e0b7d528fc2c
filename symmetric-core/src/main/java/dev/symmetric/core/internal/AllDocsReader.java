package dev.symmetric.core.internal;

import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.AllDocsResult;
import dev.symmetric.core.AllDocsRow;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.Document;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.internal.revtree.RevTree;
import dev.symmetric.core.spi.Cursor;
import dev.symmetric.core.spi.KeyRange;
import dev.symmetric.core.spi.Snapshot;
import dev.symmetric.core.spi.StorageEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code _all_docs}: a walk of the document records in id order (UTF-8 byte order, which is code
 * point order), on one snapshot. Deleted documents appear only when asked for by key.
 */
final class AllDocsReader {
  private final DefaultDatabase db;
  private final StorageEngine engine;
  private final long dbId;
  private final long totalRows;

  AllDocsReader(DefaultDatabase db, StorageEngine engine, long dbId, long totalRows) {
    this.db = db;
    this.engine = engine;
    this.dbId = dbId;
    this.totalRows = totalRows;
  }

  AllDocsResult read(AllDocsRequest req) {
    try (Snapshot snap = engine.snapshot()) {
      return req.keys() != null ? readKeys(snap, req) : readRange(snap, req);
    }
  }

  private AllDocsResult readKeys(Snapshot snap, AllDocsRequest req) {
    List<AllDocsRow> rows = new ArrayList<>();
    List<String> keys = new ArrayList<>(req.keys());
    if (req.descending()) {
      java.util.Collections.reverse(keys);
    }
    int skipped = 0;
    for (String key : keys) {
      if (rows.size() >= req.limit()) {
        break;
      }
      if (skipped < req.skip()) {
        skipped++;
        continue;
      }
      byte[] v =
          key == null ? null : snap.get(Keys.doc(dbId, key.getBytes(StandardCharsets.UTF_8)));
      if (v == null) {
        rows.add(new AllDocsRow(key, null, null, false, null, "not_found"));
        continue;
      }
      DocRecord rec = DocRecord.decode(v);
      RevTree.Leaf w = rec.tree().winner();
      Document doc = null;
      if (req.includeDocs() && !w.deleted()) {
        doc =
            db.documentAt(
                key, rec, w.rev(), GetOptions.defaults().withConflicts(req.conflicts()), snap);
      }
      rows.add(new AllDocsRow(key, key, w.rev(), w.deleted(), doc, null));
    }
    return new AllDocsResult(totalRows, req.skip(), rows);
  }

  private AllDocsResult readRange(Snapshot snap, AllDocsRequest req) {
    byte[] spaceStart = Keys.space(Keys.DOC, dbId);
    byte[] spaceEnd = Keys.space(Keys.DOC, dbId + 1);
    String low = req.descending() ? req.endKey() : req.startKey();
    String high = req.descending() ? req.startKey() : req.endKey();
    boolean highInclusive = req.descending() || req.inclusiveEnd();
    boolean lowInclusive = !req.descending() || req.inclusiveEnd();
    byte[] from = low == null ? spaceStart : docKey(low, !lowInclusive);
    byte[] to = high == null ? spaceEnd : docKey(high, highInclusive);
    List<AllDocsRow> rows = new ArrayList<>();
    if (Arrays.compareUnsigned(from, to) >= 0) {
      if (low != null
          && high != null
          && Arrays.compareUnsigned(from, to) > 0
          && !sameKeys(low, high)) {
        throw new BadRequestException(
            "query_parse_error",
            "No rows can match your key range, reverse your start_key and end_key or set"
                + " descending="
                + !req.descending());
      }
      return new AllDocsResult(totalRows, req.skip(), rows);
    }
    KeyRange range = KeyRange.between(from, to);
    if (req.descending()) {
      range = range.descending();
    }
    int skipped = 0;
    try (Cursor c = snap.scan(range)) {
      while (rows.size() < req.limit() && c.next()) {
        DocRecord rec = DocRecord.decode(c.value());
        RevTree.Leaf w = rec.tree().winner();
        if (w.deleted()) {
          continue;
        }
        if (skipped < req.skip()) {
          skipped++;
          continue;
        }
        String id = Keys.docIdOf(c.key());
        Document doc = null;
        if (req.includeDocs()) {
          doc =
              db.documentAt(
                  id, rec, w.rev(), GetOptions.defaults().withConflicts(req.conflicts()), snap);
        }
        rows.add(new AllDocsRow(id, id, w.rev(), false, doc, null));
      }
    }
    long offset =
        low == null && !req.descending() || high == null && req.descending() ? req.skip() : -1;
    return new AllDocsResult(totalRows, offset, rows);
  }

  private static boolean sameKeys(String a, String b) {
    return a.equals(b);
  }

  /** The key of document {@code id}, or the first key after it (and after all its bodies). */
  private byte[] docKey(String id, boolean after) {
    byte[] k = Keys.doc(dbId, id.getBytes(StandardCharsets.UTF_8));
    return after ? Arrays.copyOf(k, k.length + 1) : k;
  }
}
