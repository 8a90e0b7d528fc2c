package dev.symmetric.replication.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The module's one Jackson mapper. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** A sequence as text for status and logs ({@code null} when none). */
  static String seqText(JsonNode seq) {
    if (seq == null || seq.isNull() || seq.isMissingNode()) {
      return null;
    }
    return seq.isTextual() ? seq.textValue() : seq.toString();
  }
}
