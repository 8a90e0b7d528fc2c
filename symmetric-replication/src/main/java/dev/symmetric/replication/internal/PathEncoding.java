package dev.symmetric.replication.internal;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of path segments and query values: everything but RFC 3986's unreserved. */
final class PathEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathEncoding() {}

  /** Encodes {@code s} so it is one path segment or one query value; {@code /} becomes %2F. */
  static String encode(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
