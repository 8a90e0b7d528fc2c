package dev.symmetric.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.Revision;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document as a write presents it, checked and split into its special members and its body. The
 * body keeps {@code _attachments}; members CouchDB returns on reads ({@code _conflicts} and
 * friends) are accepted and dropped, so a document read can be written back unchanged.
 */
record DocInput(
    String id,
    Revision rev,
    boolean deleted,
    List<Revision> revisions,
    ObjectNode attachments,
    ObjectNode body) {

  private static final Set<String> IGNORED =
      Set.of("_conflicts", "_deleted_conflicts", "_revs_info", "_local_seq");

  /** Longest {@code _revisions.ids} list accepted. */
  static final int REVISIONS_MAX = 10_000;

  /**
   * Splits {@code doc}. {@code idOverride}, when not null, is the id (a URL's id wins over the
   * body's). The id itself is not checked here: local and normal ids follow different rules.
   */
  static DocInput parse(ObjectNode doc, String idOverride) {
    String id = idOverride;
    Revision rev = null;
    boolean deleted = false;
    List<Revision> revisions = null;
    ObjectNode attachments = null;
    ObjectNode body = Json.MAPPER.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = doc.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      JsonNode value = f.getValue();
      if (!name.startsWith("_")) {
        body.set(name, value);
        continue;
      }
      switch (name) {
        case "_id" -> {
          if (!value.isTextual()) {
            throw new BadRequestException("illegal_docid", "Document id must be a string");
          }
          if (id == null) {
            id = value.textValue();
          }
        }
        case "_rev" -> {
          if (!value.isTextual()) {
            throw new BadRequestException("Invalid rev format");
          }
          rev = Revision.parse(value.textValue());
        }
        case "_deleted" -> {
          if (!value.isBoolean()) {
            throw new BadRequestException("doc_validation", "_deleted must be a boolean");
          }
          deleted = value.booleanValue();
        }
        case "_revisions" -> revisions = parseRevisions(value);
        case "_attachments" -> {
          if (!value.isObject()) {
            throw new BadRequestException("doc_validation", "_attachments must be an object");
          }
          attachments = withDigests((ObjectNode) value);
          body.set(name, attachments);
        }
        default -> {
          if (!IGNORED.contains(name)) {
            throw new BadRequestException(
                "doc_validation", "Bad special document member: " + abbreviate(name));
          }
        }
      }
    }
    if (revisions != null && rev != null && !revisions.get(0).equals(rev)) {
      throw new BadRequestException("_rev does not match the newest of _revisions");
    }
    if (revisions != null && rev == null) {
      rev = revisions.get(0);
    }
    return new DocInput(id, rev, deleted, revisions, attachments, body);
  }

  /**
   * Inline attachments get CouchDB's {@code digest} ({@code md5-} and the base64 MD5 of the bytes)
   * when the writer sent none: replicators compare digests to skip attachments they already hold,
   * and CouchDB always reports one. A digest the writer sent is kept as it is.
   */
  private static ObjectNode withDigests(ObjectNode attachments) {
    ObjectNode out = null;
    Iterator<Map.Entry<String, JsonNode>> it = attachments.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode data = e.getValue().get("data");
      if (!e.getValue().isObject() || data == null || e.getValue().has("digest")) {
        continue;
      }
      if (!data.isTextual()) {
        throw new BadRequestException("Invalid attachment data for " + abbreviate(e.getKey()));
      }
      byte[] bytes;
      try {
        bytes = Base64.getMimeDecoder().decode(data.textValue());
      } catch (IllegalArgumentException bad) {
        throw new BadRequestException("Invalid attachment data for " + abbreviate(e.getKey()));
      }
      if (out == null) {
        out = attachments.deepCopy();
      }
      ((ObjectNode) out.get(e.getKey())).put("digest", md5Digest(bytes));
    }
    return out == null ? attachments : out;
  }

  private static String md5Digest(byte[] bytes) {
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(bytes);
      return "md5-" + Base64.getEncoder().encodeToString(md5);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM provides MD5", e);
    }
  }

  /** {@code {"start": N, "ids": [newest, ..., oldest]}} as revisions, newest first. */
  private static List<Revision> parseRevisions(JsonNode value) {
    if (!value.isObject()) {
      throw new BadRequestException("_revisions must be an object");
    }
    JsonNode start = value.get("start");
    JsonNode ids = value.get("ids");
    if (start == null || !start.canConvertToInt() || !start.isIntegralNumber()) {
      throw new BadRequestException("_revisions.start must be an integer");
    }
    if (ids == null || !ids.isArray() || ids.isEmpty()) {
      throw new BadRequestException("_revisions.ids must be a non-empty array");
    }
    if (ids.size() > REVISIONS_MAX) {
      throw new BadRequestException("_revisions.ids has more than " + REVISIONS_MAX + " entries");
    }
    int gen = start.intValue();
    if (gen - ids.size() + 1 < 1) {
      throw new BadRequestException("_revisions.start is smaller than the number of ids");
    }
    List<Revision> out = new ArrayList<>(ids.size());
    for (JsonNode h : ids) {
      if (!h.isTextual()) {
        throw new BadRequestException("_revisions.ids must be strings");
      }
      out.add(new Revision(gen--, h.textValue()));
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
