package dev.symmetric.http.internal;

import dev.symmetric.http.HttpException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes percent-encoding exactly once and strictly: a broken escape or bytes that are not UTF-8
 * are a 400, never silently replaced, so two spellings of an id cannot map to one document.
 */
public final class PercentDecoder {
  private PercentDecoder() {}

  /** Decodes a path segment; {@code +} stays {@code +}. */
  public static String path(String raw) {
    return decode(raw, false);
  }

  /** Decodes a query component; {@code +} is a space, as in form encoding. */
  public static String query(String raw) {
    return decode(raw, true);
  }

  private static String decode(String raw, boolean plusIsSpace) {
    boolean plain = raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0);
    if (plain) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw HttpException.badRequest("truncated percent-encoding in '" + clip(raw) + "'");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw HttpException.badRequest("invalid percent-encoding in '" + clip(raw) + "'");
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(utf8, 0, utf8.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw HttpException.badRequest("percent-encoding is not UTF-8 in '" + clip(raw) + "'");
    }
  }

  private static String clip(String raw) {
    return raw.length() > 64 ? raw.substring(0, 64) + "..." : raw;
  }
}
