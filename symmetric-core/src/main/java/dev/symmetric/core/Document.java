package dev.symmetric.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.internal.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A document at one revision: id, revision, deletion flag, JSON body, and the metadata the read
 * asked for. Immutable.
 *
 * <p>The body excludes the special members ({@code _id}, {@code _rev}, ...) except {@code
 * _attachments}; {@link #toJson()} and {@link #toJsonBytes()} give the CouchDB form with them.
 */
public final class Document {
  private final String id;
  private final Revision rev;
  private final boolean deleted;
  private final byte[] bodyJson;
  private final List<Revision> revisions;
  private final List<Revision> conflicts;
  private final List<Revision> deletedConflicts;
  private final List<RevInfo> revsInfo;

  /**
   * @param bodyJson the body as a JSON object in UTF-8, without special members but {@code
   *     _attachments}
   * @param revisions the revision's history, newest first, or {@code null} when not asked for
   * @param conflicts losing non-deleted leaves, or {@code null} when not asked for
   * @param deletedConflicts losing deleted leaves, or {@code null} when not asked for
   * @param revsInfo the {@code _revs_info} entries, or {@code null} when not asked for
   */
  public Document(
      String id,
      Revision rev,
      boolean deleted,
      byte[] bodyJson,
      List<Revision> revisions,
      List<Revision> conflicts,
      List<Revision> deletedConflicts,
      List<RevInfo> revsInfo) {
    this.id = Objects.requireNonNull(id, "id");
    this.rev = Objects.requireNonNull(rev, "rev");
    this.deleted = deleted;
    this.bodyJson = Objects.requireNonNull(bodyJson, "bodyJson");
    this.revisions = revisions == null ? null : List.copyOf(revisions);
    this.conflicts = conflicts == null ? null : List.copyOf(conflicts);
    this.deletedConflicts = deletedConflicts == null ? null : List.copyOf(deletedConflicts);
    this.revsInfo = revsInfo == null ? null : List.copyOf(revsInfo);
  }

  public String id() {
    return id;
  }

  public Revision rev() {
    return rev;
  }

  public boolean deleted() {
    return deleted;
  }

  /** A fresh copy of the body: the caller may modify it. */
  public ObjectNode body() {
    return Json.parseObject(bodyJson);
  }

  /** The body as UTF-8 JSON text. */
  public byte[] bodyBytes() {
    return bodyJson.clone();
  }

  /** The revision's history, newest first; empty unless asked for. */
  public List<Revision> revisions() {
    return revisions == null ? List.of() : revisions;
  }

  /** Losing non-deleted leaves; empty unless asked for. */
  public List<Revision> conflicts() {
    return conflicts == null ? List.of() : conflicts;
  }

  /** Losing deleted leaves; empty unless asked for. */
  public List<Revision> deletedConflicts() {
    return deletedConflicts == null ? List.of() : deletedConflicts;
  }

  /** {@code _revs_info}; empty unless asked for. */
  public List<RevInfo> revsInfo() {
    return revsInfo == null ? List.of() : revsInfo;
  }

  /** The CouchDB JSON form, with {@code _id}, {@code _rev} and the asked-for metadata. */
  public ObjectNode toJson() {
    return Json.parseObject(toJsonBytes());
  }

  /** {@link #toJson()} as UTF-8 bytes, built without parsing the body. */
  public byte[] toJsonBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bodyJson.length + 96);
    out.writeBytes(ID_FIELD);
    out.writeBytes(Json.quote(id));
    out.writeBytes(REV_FIELD);
    out.writeBytes(rev.toString().getBytes(StandardCharsets.US_ASCII));
    out.write('"');
    if (deleted) {
      out.writeBytes(DELETED_FIELD);
    }
    int innerStart = 1;
    int innerEnd = bodyJson.length - 1;
    while (innerStart < innerEnd && Character.isWhitespace(bodyJson[innerStart])) {
      innerStart++;
    }
    if (innerStart < innerEnd) {
      out.write(',');
      out.write(bodyJson, innerStart, innerEnd - innerStart);
    }
    if (revisions != null || conflicts != null || deletedConflicts != null || revsInfo != null) {
      ObjectNode meta = Json.MAPPER.createObjectNode();
      if (revisions != null) {
        ObjectNode revs = meta.putObject("_revisions");
        revs.put("start", rev.generation());
        ArrayNode ids = revs.putArray("ids");
        revisions.forEach(r -> ids.add(r.hash()));
      }
      if (conflicts != null && !conflicts.isEmpty()) {
        ArrayNode a = meta.putArray("_conflicts");
        conflicts.forEach(r -> a.add(r.toString()));
      }
      if (deletedConflicts != null && !deletedConflicts.isEmpty()) {
        ArrayNode a = meta.putArray("_deleted_conflicts");
        deletedConflicts.forEach(r -> a.add(r.toString()));
      }
      if (revsInfo != null) {
        ArrayNode a = meta.putArray("_revs_info");
        revsInfo.forEach(
            i -> a.addObject().put("rev", i.rev().toString()).put("status", i.status()));
      }
      if (!meta.isEmpty()) {
        byte[] m = Json.toBytes(meta);
        out.write(',');
        out.write(m, 1, m.length - 2);
      }
    }
    out.write('}');
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return new String(toJsonBytes(), StandardCharsets.UTF_8);
  }

  private static final byte[] ID_FIELD = "{\"_id\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REV_FIELD = ",\"_rev\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DELETED_FIELD =
      ",\"_deleted\":true".getBytes(StandardCharsets.US_ASCII);
}
