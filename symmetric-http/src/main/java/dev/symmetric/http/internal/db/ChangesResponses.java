package dev.symmetric.http.internal.db;

import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesResult;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON of a one-shot changes answer. */
final class ChangesResponses {
  private ChangesResponses() {}

  /** {@code {"results": [...], "last_seq": N, "pending": P}}. */
  static byte[] normal(ChangesResult page) {
    try (Jsons.Out out = new Jsons.Out()) {
      out.gen.writeStartObject();
      out.gen.writeArrayFieldStart("results");
      for (Change c : page.results()) {
        Jsons.change(out.gen, c);
      }
      out.gen.writeEndArray();
      out.gen.writeNumberField("last_seq", page.lastSeq());
      out.gen.writeNumberField("pending", page.pending());
      out.gen.writeEndObject();
      return out.toBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
