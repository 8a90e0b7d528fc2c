package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block in docs/ and README.md must be a tagged region of a compiled sample
 * (modulo indentation), named by a {@code <!-- sample: name -->} line right above it, so no code
 * shown to users can rot. A block that is deliberately not compilable Java says so with {@code <!--
 * sample-exempt: why -->}. With {@code -Ddocs.update=true} the blocks are rewritten from the
 * sources instead of checked.
 */
class MarkdownSamplesTest {
  private static final Pattern FENCE =
      Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([A-Za-z0-9_+-]*).*$");
  private static final Pattern SAMPLE = Pattern.compile("^\\s*<!-- sample: ([a-z0-9-]+) -->\\s*$");
  private static final Pattern EXEMPT = Pattern.compile("^\\s*<!-- sample-exempt: .+ -->\\s*$");

  private final boolean update = Boolean.getBoolean("docs.update");

  @Test
  void everyJavaBlockIsACompiledSample() throws IOException {
    Map<String, List<String>> regions = Samples.regions();
    assertThat(regions).as("tagged regions under docs/src/test/java").isNotEmpty();
    List<String> problems = new ArrayList<>();
    Set<String> shown = new HashSet<>();
    for (Path file : Samples.markdownFiles()) {
      check(file, regions, shown, problems);
    }
    for (String name : regions.keySet()) {
      if (!shown.contains(name)) {
        problems.add("region " + name + " is shown in no Markdown file; show it or drop its tags");
      }
    }
    assertThat(problems)
        .as(
            "Markdown code samples out of step with docs/src/test/java"
                + " (mvn -pl docs test -Ddocs.update=true rewrites blocks that name a sample)")
        .isEmpty();
  }

  private void check(
      Path file, Map<String, List<String>> regions, Set<String> shown, List<String> problems)
      throws IOException {
    check(file, Samples.repoRoot().relativize(file).toString(), regions, shown, problems, update);
  }

  /**
   * Checks (or, with {@code update}, rewrites) the Java blocks of one Markdown file, adding what is
   * wrong to {@code problems} as {@code where:line: what} and the regions it shows to {@code
   * shown}.
   */
  static void check(
      Path file,
      String where,
      Map<String, List<String>> regions,
      Set<String> shown,
      List<String> problems,
      boolean update)
      throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    boolean changed = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher open = FENCE.matcher(line);
      if (!open.matches()) {
        out.add(line);
        continue;
      }
      String indent = open.group(1);
      String fence = open.group(2);
      String lang = open.group(3);
      int close = i + 1;
      while (close < lines.size() && !isClose(lines.get(close), fence)) {
        close++;
      }
      if (close >= lines.size()) {
        problems.add(where + ":" + (i + 1) + ": code block never closed");
        out.addAll(lines.subList(i, lines.size()));
        break;
      }
      List<String> body = lines.subList(i + 1, close);
      String marker = previousNonBlank(lines, i);
      Matcher sample = SAMPLE.matcher(marker);
      out.add(line);
      if (lang.equals("java") && EXEMPT.matcher(marker).matches()) {
        out.addAll(body);
      } else if (lang.equals("java") && !sample.matches()) {
        problems.add(
            where
                + ":"
                + (i + 1)
                + ": a ```java block that is not a compiled sample; put it in"
                + " docs/src/test/java between // tag::name[] and // end::name[] and write"
                + " <!-- sample: name --> above the block (or make it ```text, or mark it"
                + " <!-- sample-exempt: why -->)");
        out.addAll(body);
      } else if (sample.matches()) {
        String name = sample.group(1);
        List<String> region = regions.get(name);
        if (!lang.equals("java")) {
          problems.add(where + ":" + (i + 1) + ": sample " + name + " must be a ```java block");
          out.addAll(body);
        } else if (region == null) {
          problems.add(where + ":" + (i + 1) + ": no region " + name + " in docs/src/test/java");
          out.addAll(body);
        } else {
          shown.add(name);
          if (Samples.normalize(body).equals(region)) {
            out.addAll(body);
          } else if (update) {
            region.forEach(l -> out.add(l.isEmpty() ? l : indent + l));
            changed = true;
          } else {
            problems.add(
                where
                    + ":"
                    + (i + 1)
                    + ": the block differs from region "
                    + name
                    + "; expected:\n"
                    + String.join("\n", region));
            out.addAll(body);
          }
        }
      } else {
        out.addAll(body);
      }
      out.add(lines.get(close));
      i = close;
    }
    if (changed) {
      Files.write(file, out, StandardCharsets.UTF_8);
    }
  }

  private static boolean isClose(String line, String fence) {
    String t = line.strip();
    return t.startsWith(fence) && t.chars().allMatch(c -> c == fence.charAt(0));
  }

  private static String previousNonBlank(List<String> lines, int i) {
    for (int j = i - 1; j >= 0; j--) {
      if (!lines.get(j).isBlank()) {
        return lines.get(j);
      }
    }
    return "";
  }
}
