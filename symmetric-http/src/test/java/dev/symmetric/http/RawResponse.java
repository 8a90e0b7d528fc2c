package dev.symmetric.http;

import java.util.Locale;
import java.util.Map;

/** One response read off a raw socket. */
record RawResponse(int status, Map<String, String> headers, String body) {
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
