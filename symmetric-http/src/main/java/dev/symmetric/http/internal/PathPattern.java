package dev.symmetric.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled route template such as {@code /{db}/_design/{ddoc...}}. Matching runs on path segments
 * that were already percent-decoded, so a parameter may contain a decoded {@code /}.
 */
public final class PathPattern {
  private enum Kind {
    LITERAL,
    PARAM,
    REST
  }

  private record Segment(Kind kind, String text) {}

  private final String template;
  private final List<Segment> segments;
  private final int names;

  private PathPattern(String template, List<Segment> segments, int names) {
    this.template = template;
    this.segments = segments;
    this.names = names;
  }

  /** Turns {@code ""}, {@code "/"} and {@code "/a/"} into {@code ""} and {@code "/a"}. */
  static String normalizeBase(String basePath) {
    if (basePath == null || basePath.isEmpty() || basePath.equals("/")) {
      return "";
    }
    if (!basePath.startsWith("/")) {
      throw new IllegalArgumentException("a base path starts with '/': " + basePath);
    }
    return basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
  }

  public static PathPattern compile(String template) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a route path starts with '/': " + template);
    }
    List<Segment> segments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    String body = template.substring(1);
    if (!body.isEmpty()) {
      String[] parts = body.split("/", -1);
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        if (part.isEmpty()) {
          throw new IllegalArgumentException("empty segment in route path: " + template);
        }
        Segment segment = parse(part, template);
        if (segment.kind() == Kind.REST && i != parts.length - 1) {
          throw new IllegalArgumentException("a catch-all must be the last segment: " + template);
        }
        if (segment.kind() != Kind.LITERAL) {
          if (names.contains(segment.text())) {
            throw new IllegalArgumentException("duplicate parameter in " + template);
          }
          names.add(segment.text());
        }
        segments.add(segment);
      }
    }
    return new PathPattern(template, List.copyOf(segments), names.size());
  }

  private static Segment parse(String part, String template) {
    if (part.startsWith("{") && part.endsWith("}")) {
      String name = part.substring(1, part.length() - 1);
      Kind kind = Kind.PARAM;
      if (name.endsWith("...")) {
        kind = Kind.REST;
        name = name.substring(0, name.length() - 3);
      }
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("bad parameter name '" + name + "' in " + template);
      }
      return new Segment(kind, name);
    }
    if (part.contains("{") || part.contains("}")) {
      throw new IllegalArgumentException("a parameter fills a whole segment: " + template);
    }
    return new Segment(Kind.LITERAL, part);
  }

  public String template() {
    return template;
  }

  /** The decoded parameters if {@code path} matches, else null. */
  public Map<String, String> match(List<String> path) {
    return matches(path) ? params(path) : null;
  }

  /** Whether {@code path} matches; allocates nothing, so a route table can try every route. */
  boolean matches(List<String> path) {
    int n = path.size();
    int count = segments.size();
    if (n < count) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      Segment s = segments.get(i);
      switch (s.kind()) {
        case LITERAL:
          if (!s.text().equals(path.get(i))) {
            return false;
          }
          break;
        case PARAM:
          if (path.get(i).isEmpty()) {
            return false;
          }
          break;
        case REST:
          // One or more remaining segments, not all of them empty.
          for (int j = i; j < n; j++) {
            if (!path.get(j).isEmpty()) {
              return true;
            }
          }
          return n - i > 1;
        default:
          throw new AssertionError(s.kind());
      }
    }
    return n == count;
  }

  /** The decoded parameters of a {@code path} that {@link #matches} this pattern. */
  Map<String, String> params(List<String> path) {
    if (names == 0) {
      return Map.of();
    }
    Map<String, String> params = new LinkedHashMap<>(names * 2);
    int n = path.size();
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.kind() == Kind.PARAM) {
        params.put(s.text(), path.get(i));
      } else if (s.kind() == Kind.REST) {
        params.put(s.text(), String.join("/", path.subList(i, n)));
      }
    }
    return params;
  }

  /** Negative if this pattern is more specific than {@code other}: literals beat parameters. */
  public int compareSpecificity(PathPattern other) {
    int common = Math.min(segments.size(), other.segments.size());
    for (int i = 0; i < common; i++) {
      int c = segments.get(i).kind().compareTo(other.segments.get(i).kind());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(other.segments.size(), segments.size());
  }

  /** True if both patterns match exactly the same paths. */
  boolean sameShape(PathPattern other) {
    if (segments.size() != other.segments.size()) {
      return false;
    }
    for (int i = 0; i < segments.size(); i++) {
      Segment a = segments.get(i);
      Segment b = other.segments.get(i);
      if (a.kind() != b.kind() || (a.kind() == Kind.LITERAL && !a.text().equals(b.text()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return template;
  }
}
