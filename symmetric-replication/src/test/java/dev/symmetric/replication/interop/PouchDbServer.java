package dev.symmetric.replication.interop;

import dev.symmetric.replication.process.CouchHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * pouchdb-server (npm {@code pouchdb-server} 4.2.0, installed under {@code src/test/js}) as a child
 * process on a free loopback port, in memory, with its config and log files in a directory of the
 * test's.
 */
final class PouchDbServer implements AutoCloseable {
  static final Path JS_DIR = Path.of("src/test/js").toAbsolutePath();
  static final Path BIN = JS_DIR.resolve("node_modules/pouchdb-server/bin/pouchdb-server");
  static final String INSTALL =
      "install it with: npm ci --prefix symmetric-replication/src/test/js --ignore-scripts"
          + " --no-audit --no-fund";
  private static final Duration START = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;
  final int port;

  private PouchDbServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Why pouchdb-server cannot run here, or null when it can. */
  static String unavailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "`node --version` did not answer within 30 s";
      }
      if (p.exitValue() != 0) {
        return "`node --version` failed; pouchdb-server needs Node 20";
      }
    } catch (IOException e) {
      return "node is not on the PATH; pouchdb-server needs Node 20; " + INSTALL;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while looking for node";
    }
    if (!Files.isRegularFile(BIN)) {
      return "pouchdb-server is not installed in " + JS_DIR + "; " + INSTALL;
    }
    return null;
  }

  static PouchDbServer start(Path dir) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dir);
    Path log = dir.resolve("pouchdb-server.out");
    Process p =
        new ProcessBuilder(
                "node",
                BIN.toString(),
                "--port",
                Integer.toString(port),
                "--host",
                "127.0.0.1",
                "--in-memory",
                "--dir",
                dir.toString(),
                "--config",
                dir.resolve("config.json").toString(),
                "--no-color")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PouchDbServer server = new PouchDbServer(p, log, port);
    try {
      server.awaitUp();
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitUp() {
    CouchHttp http = new CouchHttp(null);
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      try {
        if (http.get(url() + "/").ok()) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("pouchdb-server exited at start:\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "pouchdb-server did not answer within " + START + ":\n" + output());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  String output() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
