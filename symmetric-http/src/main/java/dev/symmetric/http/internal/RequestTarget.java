package dev.symmetric.http.internal;

import dev.symmetric.http.HttpException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request-target split into raw path, decoded segments and decoded query parameters. */
public record RequestTarget(
    String rawPath, String path, List<String> segments, Map<String, List<String>> query) {

  /** Parses an origin-form target such as {@code /db/a%2Fb?rev=1-x}; a bad one is a 400. */
  public static RequestTarget parse(String uri) {
    if (uri.isEmpty() || uri.charAt(0) != '/') {
      throw HttpException.badRequest("the request target must start with '/'");
    }
    int q = uri.indexOf('?');
    String rawPath = q < 0 ? uri : uri.substring(0, q);
    int hash = rawPath.indexOf('#');
    if (hash >= 0) {
      rawPath = rawPath.substring(0, hash);
    }
    List<String> segments = new ArrayList<>();
    String body = rawPath.substring(1);
    if (!body.isEmpty()) {
      String[] parts = body.split("/", -1);
      int count = parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
      for (int i = 0; i < count; i++) {
        segments.add(PercentDecoder.path(parts[i]));
      }
    }
    String path = "/" + String.join("/", segments);
    Map<String, List<String>> query =
        q < 0 ? Map.of() : parseQuery(stripFragment(uri.substring(q + 1)));
    return new RequestTarget(rawPath, path, List.copyOf(segments), query);
  }

  private static String stripFragment(String s) {
    int hash = s.indexOf('#');
    return hash < 0 ? s : s.substring(0, hash);
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (raw.isEmpty()) {
      return Map.of();
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = PercentDecoder.query(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : PercentDecoder.query(pair.substring(eq + 1));
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    params.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return Collections.unmodifiableMap(params);
  }
}
