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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample check itself: it must catch drift and name the file and line. */
class MarkdownCheckerTest {
  private static final Map<String, List<String>> REGIONS =
      Map.of("hello", List.of("int a = 1;", "if (a > 0) {", "  a++;", "}"));

  @TempDir Path dir;

  @Test
  void aMatchingBlockPassesModuloIndentation() throws IOException {
    List<String> problems =
        check(
            "- In a list:",
            "",
            "  <!-- sample: hello -->",
            "  ```java",
            "  int a = 1;",
            "  if (a > 0) {",
            "    a++;",
            "  }",
            "  ```");
    assertThat(problems).isEmpty();
  }

  @Test
  void aBlockThatDriftedIsReportedWithItsLine() throws IOException {
    List<String> problems = check("text", "<!-- sample: hello -->", "```java", "int a = 2;", "```");
    assertThat(problems).singleElement().asString().startsWith("x.md:3: the block differs");
  }

  @Test
  void aJavaBlockWithoutMarkerIsReported() throws IOException {
    List<String> problems = check("text", "", "```java", "int a = 1;", "```");
    assertThat(problems).singleElement().asString().startsWith("x.md:3: a ```java block");
  }

  @Test
  void anUnknownRegionIsReported() throws IOException {
    List<String> problems = check("<!-- sample: nope -->", "```java", "```");
    assertThat(problems).singleElement().asString().contains("no region nope");
  }

  @Test
  void exemptAndOtherLanguagesPass() throws IOException {
    List<String> problems =
        check(
            "<!-- sample-exempt: a signature -->",
            "```java",
            "void f();",
            "```",
            "```sh",
            "curl localhost:8080/_up",
            "```");
    assertThat(problems).isEmpty();
  }

  @Test
  void updateRewritesTheBlockFromTheRegion() throws IOException {
    Path md = write("  <!-- sample: hello -->", "  ```java", "  old();", "  ```", "after");
    List<String> problems = new ArrayList<>();
    MarkdownSamplesTest.check(md, "x.md", REGIONS, new HashSet<>(), problems, true);
    assertThat(problems).isEmpty();
    assertThat(Files.readAllLines(md, StandardCharsets.UTF_8))
        .containsExactly(
            "  <!-- sample: hello -->",
            "  ```java",
            "  int a = 1;",
            "  if (a > 0) {",
            "    a++;",
            "  }",
            "  ```",
            "after");
  }

  private List<String> check(String... lines) throws IOException {
    Path md = write(lines);
    List<String> problems = new ArrayList<>();
    Set<String> shown = new HashSet<>();
    MarkdownSamplesTest.check(md, "x.md", REGIONS, shown, problems, false);
    assertThat(Files.readAllLines(md, StandardCharsets.UTF_8)).containsExactly(lines);
    return problems;
  }

  private Path write(String... lines) throws IOException {
    Path md = dir.resolve("x.md");
    Files.write(md, List.of(lines), StandardCharsets.UTF_8);
    return md;
  }
}
