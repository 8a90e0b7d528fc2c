package dev.symmetric.jobs.process;

import dev.symmetric.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A {@link JobsNodeMain} in a child JVM: one node of the cluster under test. */
final class NodeProcess {
  final String id;
  final int port;
  final Path data;
  final Path log;
  private final ChildJvm jvm;

  NodeProcess(String id, int port, Path dir, String secret, List<String> seeds) {
    this.id = id;
    this.port = port;
    this.data = dir.resolve(id + "-data");
    this.log = dir.resolve(id + ".log");
    this.jvm =
        new ChildJvm(
            "node-" + id,
            log,
            JobsNodeMain.class,
            List.of(id, Integer.toString(port), data.toString(), secret, String.join(",", seeds)));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  void start() {
    jvm.start();
  }

  void awaitReady(Duration timeout) {
    jvm.awaitReady(timeout);
  }

  /** SIGKILL: no shutdown hook, no flush, no drain. Returns the exit status. */
  int kill() throws InterruptedException {
    return jvm.kill();
  }

  boolean isAlive() {
    return jvm.isAlive();
  }

  void stop() {
    jvm.stop();
  }

  String logTail() {
    return jvm.logTail();
  }
}
