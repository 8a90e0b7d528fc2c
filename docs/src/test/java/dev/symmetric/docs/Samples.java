package dev.symmetric.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tagged regions of the sample sources ({@code // tag::name[]} to {@code // end::name[]}) and
 * the Markdown files that show them.
 */
final class Samples {
  private static final Pattern TAG = Pattern.compile("^\\s*// tag::([a-z0-9-]+)\\[\\]\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// end::([a-z0-9-]+)\\[\\]\\s*$");

  private Samples() {}

  /** The docs module's directory (docs/). */
  static Path docsDir() {
    return Path.of(System.getProperty("docs.dir", ".")).toAbsolutePath().normalize();
  }

  /** The repository root. */
  static Path repoRoot() {
    return Path.of(System.getProperty("docs.repoRoot", "..")).toAbsolutePath().normalize();
  }

  /**
   * Every Markdown file the checks cover: all of docs/ (sources and build output aside), README.
   */
  static List<Path> markdownFiles() {
    Path docs = docsDir();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(docs)) {
      walk.filter(p -> p.toString().endsWith(".md"))
          .filter(p -> !p.startsWith(docs.resolve("src")) && !p.startsWith(docs.resolve("target")))
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.add(repoRoot().resolve("README.md"));
    return files;
  }

  /** Region name to its lines, read from every Java file under src/test/java. */
  static Map<String, List<String>> regions() {
    Map<String, List<String>> regions = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(docsDir().resolve("src/test/java"))) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        readRegions(file, regions);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return regions;
  }

  private static void readRegions(Path file, Map<String, List<String>> regions) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, List<String>> open = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher tag = TAG.matcher(line);
      Matcher end = END.matcher(line);
      if (tag.matches()) {
        String name = tag.group(1);
        if (regions.containsKey(name) || open.containsKey(name)) {
          throw new IllegalStateException(file + ":" + (i + 1) + ": region " + name + " twice");
        }
        open.put(name, new ArrayList<>());
      } else if (end.matches()) {
        List<String> body = open.remove(end.group(1));
        if (body == null) {
          throw new IllegalStateException(
              file + ":" + (i + 1) + ": end of region " + end.group(1) + " that never began");
        }
        regions.put(end.group(1), normalize(body));
      } else {
        // Regions may nest; a line belongs to every region open around it.
        open.values().forEach(body -> body.add(line));
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalStateException(file + ": regions never ended: " + open.keySet());
    }
  }

  /**
   * Lines without their common indentation and trailing blanks, with leading and trailing empty
   * lines dropped: the form in which a region and a Markdown block are compared.
   */
  static List<String> normalize(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.stripTrailing());
    }
    while (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    int indent = Integer.MAX_VALUE;
    for (String l : out) {
      if (!l.isEmpty()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    if (indent == Integer.MAX_VALUE) {
      return out;
    }
    List<String> dedented = new ArrayList<>();
    for (String l : out) {
      dedented.add(l.isEmpty() ? l : l.substring(indent));
    }
    return dedented;
  }
}
