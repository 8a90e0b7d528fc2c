package dev.symmetric.http.internal.db;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Change;
import dev.symmetric.core.Document;
import dev.symmetric.core.Revision;
import dev.symmetric.core.SymmetricException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** CouchDB's JSON shapes for the database API. */
final class Jsons {
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Jsons() {}

  /** Writes JSON into a byte array, splicing stored document bytes in without parsing them. */
  static final class Out implements AutoCloseable {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    final JsonGenerator gen;

    Out() {
      try {
        gen = MAPPER.getFactory().createGenerator(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void doc(Document d) throws IOException {
      gen.writeRawValue(new String(d.toJsonBytes(), StandardCharsets.UTF_8));
    }

    byte[] toBytes() {
      close();
      return bytes.toByteArray();
    }

    @Override
    public void close() {
      try {
        gen.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static ObjectNode ok(String id, Revision rev) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("ok", true);
    o.put("id", id);
    o.put("rev", rev.toString());
    return o;
  }

  private static final byte[] OK_ID = "{\"ok\":true,\"id\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REV = "\",\"rev\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\"}\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * The bytes the server would render for {@link #ok}, newline included, written directly: for
   * every write this answer is rendered on the thread that completed the write, often the store's
   * commit thread, where an object mapper's serializer lookup cost more than the write's share.
   */
  static byte[] okBytes(String id, Revision rev) {
    byte[] quotedId = JsonStringEncoder.getInstance().quoteAsUTF8(id);
    byte[] quotedRev = JsonStringEncoder.getInstance().quoteAsUTF8(rev.toString());
    byte[] out =
        new byte[OK_ID.length + quotedId.length + REV.length + quotedRev.length + END.length];
    int at = 0;
    for (byte[] part : new byte[][] {OK_ID, quotedId, REV, quotedRev, END}) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  static void bulkResult(JsonGenerator g, BulkResult r) throws IOException {
    g.writeStartObject();
    if (r.isOk()) {
      g.writeBooleanField("ok", true);
      g.writeStringField("id", r.id());
      g.writeStringField("rev", r.rev().toString());
    } else {
      if (r.id() != null) {
        g.writeStringField("id", r.id());
      }
      error(g, r.error());
    }
    g.writeEndObject();
  }

  static void error(JsonGenerator g, SymmetricException e) throws IOException {
    g.writeStringField("error", e.error());
    g.writeStringField("reason", e.reason());
  }

  /** One row of a changes feed. */
  static void change(JsonGenerator g, Change c) throws IOException {
    g.writeStartObject();
    g.writeNumberField("seq", c.seq());
    g.writeStringField("id", c.id());
    g.writeArrayFieldStart("changes");
    for (Revision r : c.revs()) {
      g.writeStartObject();
      g.writeStringField("rev", r.toString());
      g.writeEndObject();
    }
    g.writeEndArray();
    if (c.deleted()) {
      g.writeBooleanField("deleted", true);
    }
    if (c.doc() != null) {
      g.writeFieldName("doc");
      g.writeRawValue(new String(c.doc().toJsonBytes(), StandardCharsets.UTF_8));
    }
    g.writeEndObject();
  }

  static byte[] changeLine(Change c) {
    try (Out out = new Out()) {
      change(out.gen, c);
      return out.toBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
