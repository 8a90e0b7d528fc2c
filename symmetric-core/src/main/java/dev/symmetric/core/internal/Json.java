package dev.symmetric.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BadRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The store's JSON mapper and the few conversions it needs. */
public final class Json {

  /** Deepest nesting accepted in a document; deeper input is refused as bad request. */
  public static final int NESTING_DEPTH_MAX = 256;

  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(NESTING_DEPTH_MAX).build());
  }

  private Json() {}

  /** Parses a JSON object; anything else is a bad request. */
  public static ObjectNode parseObject(byte[] json) {
    return asObject(() -> MAPPER.readTree(json));
  }

  /** Parses a JSON object given as text. */
  public static ObjectNode parseObject(String json) {
    return asObject(() -> MAPPER.readTree(json));
  }

  private interface Parse {
    JsonNode run() throws IOException;
  }

  private static ObjectNode asObject(Parse parse) {
    JsonNode node;
    try {
      node = parse.run();
    } catch (IOException e) {
      throw new BadRequestException("invalid UTF-8 JSON");
    }
    if (node == null || !node.isObject()) {
      throw new BadRequestException("Document must be a JSON object");
    }
    return (ObjectNode) node;
  }

  public static byte[] toBytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON string literal, quotes included, as UTF-8. */
  public static byte[] quote(String s) {
    try {
      return MAPPER.writeValueAsBytes(s);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
