package dev.symmetric.replication.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The replication id and CouchDB's checkpoint documents: how to name them, where to resume from two
 * of them, and how to record a new one.
 */
final class Checkpoints {
  /** History entries kept per checkpoint document. */
  static final int HISTORY_MAX = 50;

  /** CouchDB's current replication id version; peers only store it. */
  static final int REPLICATION_ID_VERSION = 4;

  private Checkpoints() {}

  /** md5 hex over everything that makes a replication the same one across restarts. */
  static String replicationId(ReplicationConfig c) {
    StringBuilder s = new StringBuilder("symmetric-replication-v1\n");
    s.append(c.replicatorId()).append('\n');
    s.append(c.source().id()).append('\n');
    s.append(c.target().id()).append('\n');
    if (c.docIds() != null) {
      s.append("doc_ids");
      c.docIds().forEach(id -> s.append('\n').append(id.length()).append(':').append(id));
      s.append('\n');
    }
    if (c.filterName() != null) {
      s.append("filter:").append(c.filterName()).append('\n');
    }
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  /** Where to resume and which history to continue. */
  record Start(JsonNode seq, ArrayNode history) {}

  /**
   * CouchDB's comparison: the same session on both ends resumes at its {@code source_last_seq};
   * otherwise the newest session both histories share; otherwise the beginning.
   */
  static Start compare(Optional<ObjectNode> source, Optional<ObjectNode> target) {
    ArrayNode history = Json.MAPPER.createArrayNode();
    source
        .or(() -> target)
        .map(d -> d.path("history"))
        .filter(JsonNode::isArray)
        .ifPresent(h -> h.forEach(e -> add(history, e)));
    if (source.isEmpty() || target.isEmpty()) {
      return new Start(null, history);
    }
    ObjectNode s = source.get();
    ObjectNode t = target.get();
    JsonNode sSession = s.get("session_id");
    if (sSession != null
        && sSession.isTextual()
        && sSession.equals(t.get("session_id"))
        && s.hasNonNull("source_last_seq")) {
      return new Start(s.get("source_last_seq"), history);
    }
    Set<String> targetSessions = new HashSet<>();
    t.path("history").forEach(e -> targetSessions.add(e.path("session_id").asText()));
    for (JsonNode e : s.path("history")) {
      if (targetSessions.contains(e.path("session_id").asText()) && e.hasNonNull("recorded_seq")) {
        return new Start(e.get("recorded_seq"), history);
      }
    }
    return new Start(null, history);
  }

  private static void add(ArrayNode history, JsonNode entry) {
    if (entry.isObject() && history.size() < HISTORY_MAX) {
      history.add(entry.deepCopy());
    }
  }

  /** Session figures for a history entry. */
  record Session(
      String sessionId,
      String startTime,
      JsonNode startSeq,
      long docsRead,
      long docsWritten,
      long docWriteFailures) {}

  /**
   * The checkpoint body to write on both ends: this session's entry first (replacing its earlier
   * one), then up to {@link #HISTORY_MAX} - 1 older ones.
   */
  static ObjectNode document(Session session, JsonNode seq, String endTime, ArrayNode previous) {
    ObjectNode entry = Json.MAPPER.createObjectNode();
    entry.put("session_id", session.sessionId());
    entry.put("start_time", session.startTime());
    entry.put("end_time", endTime);
    entry.set("start_last_seq", nullToZero(session.startSeq()));
    entry.set("end_last_seq", seq);
    entry.set("recorded_seq", seq);
    entry.put("missing_checked", session.docsRead());
    entry.put("missing_found", session.docsRead());
    entry.put("docs_read", session.docsRead());
    entry.put("docs_written", session.docsWritten());
    entry.put("doc_write_failures", session.docWriteFailures());
    ArrayNode history = Json.MAPPER.createArrayNode();
    history.add(entry);
    for (JsonNode e : previous) {
      if (history.size() >= HISTORY_MAX) {
        break;
      }
      if (!session.sessionId().equals(e.path("session_id").asText())) {
        history.add(e);
      }
    }
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("session_id", session.sessionId());
    doc.set("source_last_seq", seq);
    doc.put("replication_id_version", REPLICATION_ID_VERSION);
    doc.put("replicator", "symmetric");
    doc.set("history", history);
    return doc;
  }

  private static JsonNode nullToZero(JsonNode seq) {
    return seq == null ? Json.MAPPER.getNodeFactory().numberNode(0) : seq;
  }
}
