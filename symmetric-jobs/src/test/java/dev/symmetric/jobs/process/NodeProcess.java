package dev.symmetric.jobs.process;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link JobsNodeMain} in a child JVM (the test's own java and classpath, 128 MiB of heap). Its
 * output goes to a log file, appended across restarts, and {@code READY} is watched for.
 */
final class NodeProcess {
  final String id;
  final int port;
  final Path data;
  final Path log;
  private final String secret;
  private final List<String> seeds;
  private Process process;
  private CompletableFuture<Void> ready;

  NodeProcess(String id, int port, Path dir, String secret, List<String> seeds) {
    this.id = id;
    this.port = port;
    this.data = dir.resolve(id + "-data");
    this.log = dir.resolve(id + ".log");
    this.secret = secret;
    this.seeds = List.copyOf(seeds);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  void start() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(JobsNodeMain.class.getName());
    cmd.add(id);
    cmd.add(Integer.toString(port));
    cmd.add(data.toString());
    cmd.add(secret);
    cmd.add(String.join(",", seeds));
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start node " + id, e);
    }
    CompletableFuture<Void> r = new CompletableFuture<>();
    ready = r;
    Process p = process;
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                  Writer out =
                      Files.newBufferedWriter(
                          log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write("---- start of " + id + " (pid " + p.pid() + ")\n");
                String line;
                while ((line = in.readLine()) != null) {
                  out.write(line);
                  out.write('\n');
                  out.flush();
                  if (line.startsWith("READY ")) {
                    r.complete(null);
                  }
                }
              } catch (IOException e) {
                // The process died; its exit is checked by whoever waits for it.
              }
              r.completeExceptionally(new IllegalStateException(id + " exited before READY"));
            },
            "node-" + id + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  void awaitReady(Duration timeout) {
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(id + " was not READY within " + timeout + "\n" + logTail(), e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage() + "\n" + logTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no drain. Returns the exit status. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new AssertionError(id + " survived SIGKILL for 20 s");
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String logTail() {
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
