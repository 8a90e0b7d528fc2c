package dev.symmetric.http.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Echoes a caller's request id when it is safe to log and reflect, else makes a new one. */
public final class RequestIds {
  static final int MAX_LENGTH_CHARS = 128;

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

  static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("%016x%08x", r.nextLong(), r.nextInt());
  }
}
