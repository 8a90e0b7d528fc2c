package dev.symmetric.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.AllDocsRow;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Database;
import dev.symmetric.core.NotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs as documents in a replicated database, one per (job, slot, shard, token), with ids that sort
 * by job then slot: {@code run:<job>:<slot millis, 13 digits>:<shard, 4>:<token, 19>}. A retried
 * run has a higher token and so a document of its own; nothing is ever in conflict.
 */
public final class DatabaseRunHistory implements RunHistory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FINISHED_SCAN_MAX = 16;

  private final Database db;

  public DatabaseRunHistory(Database db) {
    this.db = db;
  }

  static String prefix(String job, long slotMillis, int shard) {
    return String.format("run:%s:%013d:%04d:", job, slotMillis, shard);
  }

  @Override
  public void record(RunRecord r) {
    String id = prefix(r.job(), r.slotMillis(), r.shard()) + String.format("%019d", r.token());
    ObjectNode doc = JSON.createObjectNode();
    doc.put("_id", id);
    doc.put("type", "run");
    doc.put("job", r.job());
    doc.put("slot", r.slotMillis());
    doc.put("shard", r.shard());
    doc.put("node", r.node());
    doc.put("token", r.token());
    doc.put("start", r.startMillis());
    doc.put("end", r.endMillis());
    doc.put("outcome", r.outcome());
    if (r.error() != null) {
      doc.put("error", r.error().length() > 1_000 ? r.error().substring(0, 1_000) : r.error());
    }
    try {
      doc.put("_rev", db.get(id).rev().toString());
    } catch (NotFoundException e) {
      // first write of this run
    }
    try {
      db.put(doc);
    } catch (ConflictException e) {
      doc.put("_rev", db.get(id).rev().toString()); // one retry: only this node writes this id
      db.put(doc);
    }
  }

  @Override
  public boolean finished(String job, long slotMillis, int shard) {
    String p = prefix(job, slotMillis, shard);
    for (AllDocsRow row :
        db.allDocs(
                AllDocsRequest.all()
                    .withRange(p, p + "\ufff0")
                    .withLimit(FINISHED_SCAN_MAX)
                    .withIncludeDocs(true))
            .rows()) {
      if (row.doc() != null && !"running".equals(row.doc().body().path("outcome").asText())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<RunRecord> recent(String job, int limit) {
    String p = "run:" + job + ":";
    List<RunRecord> out = new ArrayList<>();
    for (AllDocsRow row :
        db.allDocs(
                AllDocsRequest.all()
                    .withRange(p + "\ufff0", p)
                    .withDescending(true)
                    .withLimit(limit)
                    .withIncludeDocs(true))
            .rows()) {
      if (row.doc() == null) {
        continue;
      }
      JsonNode b = row.doc().body();
      out.add(
          new RunRecord(
              b.path("job").asText(),
              b.path("slot").asLong(),
              b.path("shard").asInt(),
              b.path("node").asText(),
              b.path("token").asLong(),
              b.path("start").asLong(),
              b.path("end").asLong(-1),
              b.path("outcome").asText(),
              b.hasNonNull("error") ? b.get("error").asText() : null));
    }
    return out;
  }
}
