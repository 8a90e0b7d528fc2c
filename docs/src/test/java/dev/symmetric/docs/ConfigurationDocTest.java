package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.RocksDbOptions;
import dev.symmetric.http.DatabaseApi;
import dev.symmetric.http.HttpServerBuilder;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.replication.PeerClient;
import dev.symmetric.replication.Replication;
import dev.symmetric.replication.cluster.Cluster;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * configuration.md documents every public builder setting and every flag of the runnable node: each
 * builder's section must name each of its public setters, so a setting added to a builder fails
 * this test until it is documented.
 */
class ConfigurationDocTest {
  private static final Map<String, Class<?>> BUILDERS = new LinkedHashMap<>();

  static {
    BUILDERS.put("SymmetricNode.Builder", SymmetricNode.Builder.class);
    BUILDERS.put("DocumentStore.Builder", DocumentStore.Builder.class);
    BUILDERS.put("RocksDbOptions.Builder", RocksDbOptions.Builder.class);
    BUILDERS.put("HttpServerBuilder", HttpServerBuilder.class);
    BUILDERS.put("DatabaseApi.Builder", DatabaseApi.Builder.class);
    BUILDERS.put("Cluster.Builder", Cluster.Builder.class);
    BUILDERS.put("Replication.Builder", Replication.Builder.class);
    BUILDERS.put("PeerClient.Builder", PeerClient.Builder.class);
    BUILDERS.put("Jobs.Builder", Jobs.Builder.class);
    BUILDERS.put("Claims.Builder", Claims.Builder.class);
  }

  @Test
  void everyPublicBuilderSettingIsDocumented() throws IOException {
    List<String> lines = configurationLines();
    List<String> missing = new ArrayList<>();
    BUILDERS.forEach(
        (heading, type) -> {
          String section = section(lines, heading);
          for (String setter : setters(type)) {
            if (!section.contains("`" + setter + "(") && !section.contains("`" + setter + "`")) {
              missing.add(heading + "." + setter);
            }
          }
        });
    assertThat(missing).as("builder settings missing from docs/configuration.md").isEmpty();
  }

  @Test
  void everyFlagOfTheRunnableNodeIsDocumented() throws IOException {
    String flagsSource =
        Files.readString(
            Samples.repoRoot()
                .resolve("examples/node/src/main/java/dev/symmetric/examples/node/NodeFlags.java"),
            StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("case \"(--[a-z-]+)\"").matcher(flagsSource);
    TreeSet<String> flags = new TreeSet<>();
    while (m.find()) {
      flags.add(m.group(1));
    }
    assertThat(flags).as("flags parsed from NodeFlags.java").contains("--node-id", "--peers");
    String section = section(configurationLines(), "Runnable node flags");
    List<String> missing = flags.stream().filter(f -> !section.contains("`" + f)).toList();
    assertThat(missing).as("flags missing from docs/configuration.md").isEmpty();
  }

  private static List<String> configurationLines() throws IOException {
    return Files.readAllLines(
        Samples.docsDir().resolve("configuration.md"), StandardCharsets.UTF_8);
  }

  /** The text under {@code ## heading} up to the next heading of that level. */
  private static String section(List<String> lines, String heading) {
    int start = lines.indexOf("## " + heading);
    assertThat(start).as("a '## %s' heading in configuration.md", heading).isNotNegative();
    StringBuilder out = new StringBuilder();
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
      out.append(lines.get(i)).append('\n');
    }
    return out.toString();
  }

  /** Public instance methods that return the builder: its settings. */
  private static TreeSet<String> setters(Class<?> type) {
    TreeSet<String> names = new TreeSet<>();
    for (Method method : type.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers())
          && !Modifier.isStatic(method.getModifiers())
          && method.getReturnType() == type) {
        names.add(method.getName());
      }
    }
    assertThat(names).as("setters of %s", type.getName()).isNotEmpty();
    return names;
  }
}
