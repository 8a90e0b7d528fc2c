package dev.symmetric.benchmarks.load;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs, each name once; unknown names are the caller's to refuse. */
final class Flags {
  private final Map<String, String> values = new HashMap<>();

  private Flags() {}

  static Flags parse(String[] args) {
    Flags flags = new Flags();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      flags.values.put(args[i].substring(2), args[i + 1]);
    }
    return flags;
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  int intValue(String name, int fallback) {
    String v = values.get(name);
    return v == null ? fallback : Integer.parseInt(v);
  }
}
