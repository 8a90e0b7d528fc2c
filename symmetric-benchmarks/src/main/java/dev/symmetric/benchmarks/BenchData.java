package dev.symmetric.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The documents, keys and values every benchmark writes, so each pair handles the same bytes. */
final class BenchData {
  /** Documents (or entries) in a store before a benchmark starts; what reads and scans walk. */
  static final int PRELOADED = 10_000;

  /** Documents (or puts) in one bulk write. */
  static final int BULK = 1_000;

  /**
   * Documents (or puts) each measured iteration of an insert benchmark writes, one shot, into a
   * database freshly preloaded with {@link #PRELOADED}: both sides of a pair write the same count
   * into a database of the same size, which ends at {@code PRELOADED + INSERTS}, instead of one
   * that grows through the run by however many writes the faster side manages.
   */
  static final int INSERTS = 50_000;

  /** Bulk writes of {@link #BULK} each in one iteration of a bulk insert benchmark. */
  static final int BULKS = INSERTS / BULK;

  /**
   * Visits the preloaded entries in a scattered order that still covers all of them: the stride is
   * prime and does not divide {@link #PRELOADED}.
   */
  static final int STRIDE = 7_919;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A typical small document body: 211 bytes of JSON. */
  private static final String BODY_JSON =
      "{\"type\":\"order\",\"customer\":\"customer-000042\",\"status\":\"open\",\"total\":1234.5,"
          + "\"currency\":\"EUR\",\"items\":[{\"sku\":\"sku-0001\",\"qty\":2,\"price\":99.5},"
          + "{\"sku\":\"sku-0002\",\"qty\":1,\"price\":1035.5}],\"note\":\"by the back door\"}";

  private BenchData() {}

  /** The body as a fresh JSON object (the document store's input). */
  static ObjectNode body() {
    try {
      return (ObjectNode) MAPPER.readTree(BODY_JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body as the bytes the store keeps for it (the raw baselines' value). */
  static byte[] bodyBytes() {
    try {
      return MAPPER.writeValueAsBytes(body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The id of the {@code n}th document: fixed width, so ids sort as they are numbered. */
  static String id(long n) {
    String digits = Long.toString(n);
    return "doc-" + "0000000000".substring(digits.length()) + digits;
  }

  /**
   * A raw key for a document id, laid out like the store's document keys (a tag byte, an 8-byte
   * database id, the id) so that raw and store keys have the same length and order.
   */
  static byte[] key(String id) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(9 + idBytes.length).put((byte) 'D').putLong(1).put(idBytes).array();
  }

  static Path newTempDir() {
    try {
      return Files.createTempDirectory("symmetric-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
