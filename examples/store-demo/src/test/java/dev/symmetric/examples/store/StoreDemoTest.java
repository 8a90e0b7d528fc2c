package dev.symmetric.examples.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo in the README must keep running and keep telling the truth. */
class StoreDemoTest {

  @Test
  void tourEndsWithReplicasAgreeingOnTheWinner(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StoreDemo.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("a stale update is refused: conflict");
    assertThat(out).contains("replicas agree: true");
    assertThat(out).containsPattern("winner on a: 3-\\w+ conflicts \\[3-\\w+\\]");
  }

  @Test
  void runsAgainOnTheSameDataDirectory(@TempDir Path dir) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    StoreDemo.run(dir, quiet);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StoreDemo.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("replicas agree: true");
  }
}
