package dev.symmetric.core.internal;

import dev.symmetric.core.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** CouchDB's rules for database names and document ids. */
public final class Names {
  /** Longest database name CouchDB accepts. */
  public static final int DB_NAME_LENGTH_MAX = 238;

  /** Longest document id accepted, in UTF-8 bytes. */
  public static final int DOC_ID_BYTES_MAX = 4096;

  public static final String DESIGN_PREFIX = "_design/";
  public static final String LOCAL_PREFIX = "_local/";

  private static final Pattern DB_NAME = Pattern.compile("^[a-z][a-z0-9_$()+/-]*$");

  private Names() {}

  public static void checkDatabaseName(String name) {
    if (name == null || name.length() > DB_NAME_LENGTH_MAX || !DB_NAME.matcher(name).matches()) {
      throw new BadRequestException(
          "illegal_database_name",
          "Name: '"
              + abbreviate(name)
              + "'. Only lowercase characters (a-z), digits (0-9), and any of the characters _, $,"
              + " (, ), +, -, and / are allowed. Must begin with a letter.");
    }
  }

  /** Checks a (non-local) document id and returns its UTF-8 bytes. */
  public static byte[] checkDocId(String id) {
    if (id == null || id.isEmpty()) {
      throw new BadRequestException("illegal_docid", "Document id must not be empty");
    }
    if (id.startsWith("_")) {
      if (!id.startsWith(DESIGN_PREFIX) || id.length() == DESIGN_PREFIX.length()) {
        throw new BadRequestException(
            "illegal_docid", "Only reserved document ids may start with underscore.");
      }
    }
    checkWellFormed(id);
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > DOC_ID_BYTES_MAX) {
      throw new BadRequestException(
          "illegal_docid", "Document id is longer than " + DOC_ID_BYTES_MAX + " bytes");
    }
    return bytes;
  }

  /** Checks the part of a local document id after {@code _local/}. */
  public static void checkLocalId(String localId) {
    if (localId == null || localId.isEmpty()) {
      throw new BadRequestException("illegal_docid", "Local document id must not be empty");
    }
    checkWellFormed(localId);
    if (localId.getBytes(StandardCharsets.UTF_8).length > DOC_ID_BYTES_MAX) {
      throw new BadRequestException(
          "illegal_docid", "Document id is longer than " + DOC_ID_BYTES_MAX + " bytes");
    }
  }

  private static void checkWellFormed(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == 0) {
        throw new BadRequestException("illegal_docid", "Document id must not contain NUL");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new BadRequestException("illegal_docid", "Document id must be valid UTF-8");
      }
      if (Character.isLowSurrogate(c)) {
        throw new BadRequestException("illegal_docid", "Document id must be valid UTF-8");
      }
    }
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
