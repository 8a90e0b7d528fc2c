package dev.symmetric.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A main class run in a child JVM with the test's own java and classpath (128 MiB of heap), for
 * tests that need real processes: SIGKILL, restarts, several nodes. Its output goes to a log file,
 * appended across restarts, and a line starting with {@code READY} marks it ready.
 */
public final class ChildJvm {
  private static final Duration EXIT_WAIT = Duration.ofSeconds(20);

  private final String name;
  private final Path log;
  private final String mainClass;
  private final List<String> args;
  private Process process;
  private CompletableFuture<Void> ready;

  public ChildJvm(String name, Path log, Class<?> mainClass, List<String> args) {
    this.name = Objects.requireNonNull(name, "name");
    this.log = Objects.requireNonNull(log, "log");
    this.mainClass = mainClass.getName();
    this.args = List.copyOf(args);
  }

  /** Starts the process (again, after {@link #kill} or {@link #stop}). */
  public void start() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
    CompletableFuture<Void> r = new CompletableFuture<>();
    ready = r;
    Process p = process;
    Thread pump = new Thread(() -> copyOutput(p, r), name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  private void copyOutput(Process p, CompletableFuture<Void> r) {
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer out =
            Files.newBufferedWriter(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      out.write("---- start of " + name + " (pid " + p.pid() + ")\n");
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        out.flush();
        if (line.startsWith("READY")) {
          r.complete(null);
        }
      }
    } catch (IOException e) {
      // The process died; its exit is checked by whoever waits for it.
    }
    r.completeExceptionally(new IllegalStateException(name + " exited before READY"));
  }

  /** Waits for the READY line; fails with the log's last lines. */
  public void awaitReady(Duration timeout) {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(name + " was not READY within " + timeout + "\n" + logTail(), e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage() + "\n" + logTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no drain. Returns the exit status. */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(name + " survived SIGKILL for " + EXIT_WAIT);
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Ends the process if it runs; for cleanup. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last 40 lines of the log, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return "---- last lines of "
          + log
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
