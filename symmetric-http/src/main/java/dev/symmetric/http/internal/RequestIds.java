package dev.symmetric.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Echoes a caller's request id when it is safe to log and reflect, else makes a new one. */
public final class RequestIds {
  static final int MAX_LENGTH_CHARS = 128;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private RequestIds() {}

  public static String echoOrGenerate(String fromCaller) {
    return isSane(fromCaller) ? fromCaller : generate();
  }

  static boolean isSane(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH_CHARS) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      // Printable ASCII without spaces: safe in logs and headers, no injection of line breaks.
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** 24 lower-case hex digits: 96 random bits. */
  static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return format(r.nextLong(), r.nextInt());
  }

  /** {@code String.format("%016x%08x", high, low)} without the format parser. */
  static String format(long high, int low) {
    byte[] out = new byte[24];
    hex(high, out, 0, 16);
    hex(low & 0xffffffffL, out, 16, 8);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static void hex(long value, byte[] out, int offset, int digits) {
    for (int i = offset + digits - 1; i >= offset; i--) {
      out[i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}
