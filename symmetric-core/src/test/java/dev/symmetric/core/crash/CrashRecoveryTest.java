package dev.symmetric.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.AllDocsRow;
import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ChangesResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.DatabaseInfo;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.core.Revision;
import dev.symmetric.core.RevsDiff;
import dev.symmetric.core.spi.Durability;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;

/**
 * Kills a writing process with SIGKILL at a random moment, again and again on the same data, and
 * checks after each kill that the store opens cleanly and still holds every write the process
 * acknowledged (see {@link CrashWriter} for what it writes and prints).
 *
 * <p>{@code -Dcrash.rounds=N} runs more rounds (default 20); {@code -Dcrash.seed=S} replays the
 * kill times and the writers' choices of a failed run (the seed is printed; thread interleaving and
 * fsync timing still vary).
 */
class CrashRecoveryTest {
  private static final int ROUNDS_DEFAULT = 20;
  private static final int WRITER_THREADS = 3;
  private static final int WRITE_MILLIS_MIN = 100;
  private static final int WRITE_MILLIS_MAX = 600;
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final long EXIT_TIMEOUT_SECONDS = 30;

  /** 128 + SIGKILL: how a shell, and Process.exitValue() on Linux, report a kill -9. */
  private static final int EXIT_KILLED = 128 + 9;

  private static final int ACKS_TOTAL_MIN = 100;

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedWriteSurvivesSigkillAndTheStoreReopensConsistent() throws Exception {
    int rounds = Integer.getInteger("crash.rounds", ROUNDS_DEFAULT);
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.println(
        "CrashRecoveryTest: seed " + seed + " (-Dcrash.seed=" + seed + " replays it)");
    Random rnd = new Random(seed);
    Path data = tmp.resolve("data");
    Path nativeLibs = unpackRocksDbLibrary(tmp);
    Acked acked = new Acked();
    long started = System.nanoTime();

    for (int round = 0; round < rounds; round++) {
      int writeMillis = WRITE_MILLIS_MIN + rnd.nextInt(WRITE_MILLIS_MAX - WRITE_MILLIS_MIN + 1);
      try {
        long roundStart = System.nanoTime();
        Child child = Child.start(data, round, rnd.nextLong(), tmp, nativeLibs);
        List<String> lines = child.killAfter(writeMillis);
        long killed = System.nanoTime();
        int before = acked.count;
        acked.addAll(lines);
        int acks = acked.count - before;
        verify(data, acked);
        System.out.printf(
            "round %d: %d ms to the first write, killed %d ms later; %d acknowledged writes;"
                + " verified %d documents in %d ms%n",
            round,
            TimeUnit.NANOSECONDS.toMillis(child.firstWriteNanos - roundStart),
            writeMillis,
            acks,
            acked.docs.size(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
      } catch (AssertionError | Exception e) {
        throw new AssertionError("round " + round + " of seed " + seed + ": " + e.getMessage(), e);
      }
    }

    System.out.printf(
        "CrashRecoveryTest: %d rounds, %d acknowledged writes, %d ms%n",
        rounds, acked.count, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    // Each round waits for a first write before the kill; this guards against a vacuous pass too.
    assertThat(acked.count).as("acknowledged writes over all rounds").isGreaterThan(ACKS_TOTAL_MIN);
  }

  /**
   * Unpacks RocksDB's native library once, so that each child loads it from there instead of
   * unpacking its own copy of some 15 MB per round. Returns {@code null} when the jar has no
   * library under the expected name; children then unpack their own.
   */
  private static Path unpackRocksDbLibrary(Path tmp) throws IOException {
    String file = Environment.getJniLibraryFileName("rocksdb");
    try (InputStream in = RocksDB.class.getResourceAsStream("/" + file)) {
      if (in == null) {
        return null;
      }
      Path dir = Files.createDirectories(tmp.resolve("native"));
      Files.copy(in, dir.resolve(file));
      return dir;
    }
  }

  /** Reopens the store the child was killed in and checks it against every acknowledgement. */
  private static void verify(Path data, Acked acked) {
    try (DocumentStore store =
        DocumentStore.builder().dataDir(data).durability(Durability.SYNC).build()) {
      Database db = store.database(CrashWriter.DATABASE);

      // An acknowledged revision may have been superseded by a later write that was applied but
      // not acknowledged before the kill; it must still be in the document's revision tree.
      Map<String, RevsDiff> missing = db.revsDiff(acked.revsByDoc());
      assertThat(missing).as("acknowledged revisions the store lacks").isEmpty();

      for (String id : acked.docs.keySet()) {
        for (OpenRevResult leaf : db.openRevs(id, null, false, false)) {
          assertThat(leaf.isOk()).as("body of leaf %s of %s", leaf.missing(), id).isTrue();
          if (!leaf.doc().deleted()) {
            ObjectNode body = leaf.doc().body();
            assertThat(body.path("owner").asText()).as("body of %s", id).isEqualTo(id);
          }
        }
      }

      for (Map.Entry<String, Integer> local : acked.localCounters.entrySet()) {
        ObjectNode doc = db.getLocal(local.getKey());
        int counter = Integer.parseInt(Revision.parse(doc.get("_rev").asText()).hash());
        assertThat(counter)
            .as("revision counter of _local/%s", local.getKey())
            .isGreaterThanOrEqualTo(local.getValue());
        assertThat(doc.path("owner").asText()).isEqualTo(local.getKey());
      }

      checkInvariants(db, acked);
    }
  }

  /** Counters, _all_docs and the changes feed agree with each other after recovery. */
  private static void checkInvariants(Database db, Acked acked) {
    DatabaseInfo info = db.info();
    List<AllDocsRow> rows = db.allDocs(AllDocsRequest.all()).rows();
    assertThat((long) rows.size()).as("_all_docs rows vs doc_count").isEqualTo(info.docCount());

    ChangesResult changes = db.changes(ChangesRequest.since(0));
    assertThat(changes.lastSeq()).as("last_seq vs update_seq").isEqualTo(info.updateSeq());
    assertThat(changes.pending()).isZero();
    Set<String> changed = new HashSet<>();
    Set<String> deleted = new HashSet<>();
    long previousSeq = 0;
    for (Change c : changes.results()) {
      assertThat(changed.add(c.id())).as("%s listed once in the changes feed", c.id()).isTrue();
      assertThat(c.seq()).as("sequence order").isGreaterThan(previousSeq);
      assertThat(c.seq()).isLessThanOrEqualTo(info.updateSeq());
      previousSeq = c.seq();
      if (c.deleted()) {
        deleted.add(c.id());
      }
    }
    assertThat((long) changes.results().size())
        .as("changes vs doc_count + doc_del_count")
        .isEqualTo(info.docCount() + info.docDelCount());
    assertThat((long) deleted.size())
        .as("deleted changes vs doc_del_count")
        .isEqualTo(info.docDelCount());

    Set<String> live = new HashSet<>();
    for (AllDocsRow row : rows) {
      live.add(row.id());
    }
    Set<String> changedLive = new HashSet<>(changed);
    changedLive.removeAll(deleted);
    assertThat(live).as("_all_docs ids vs live ids of the changes feed").isEqualTo(changedLive);
    assertThat(changed)
        .as("acknowledged documents in the changes feed")
        .containsAll(acked.docs.keySet());
  }

  /** Everything the children acknowledged, over all rounds so far. */
  private static final class Acked {
    final Map<String, Set<Revision>> docs = new HashMap<>();
    final Map<String, Integer> localCounters = new HashMap<>();
    int count;

    void addAll(List<String> lines) {
      for (String line : lines) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "READY" -> {}
          case "ACK" -> {
            docs.computeIfAbsent(f[1], k -> new LinkedHashSet<>()).add(Revision.parse(f[2]));
            count++;
          }
          case "ACKLOCAL" -> {
            int counter = Integer.parseInt(Revision.parse(f[2]).hash());
            localCounters.merge(f[1], counter, Math::max);
            count++;
          }
          case "ERROR" -> throw new AssertionError("the writer failed: " + line);
          default -> throw new AssertionError("unexpected line from the writer: " + line);
        }
      }
    }

    Map<String, List<Revision>> revsByDoc() {
      Map<String, List<Revision>> out = new HashMap<>();
      docs.forEach((id, revs) -> out.put(id, new ArrayList<>(revs)));
      return out;
    }
  }

  /** A {@link CrashWriter} process and the lines it has printed. */
  private static final class Child {
    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> writing = new CompletableFuture<>();
    private volatile long firstWriteNanos;
    private final Thread reader;

    private Child(Process process, Path log) {
      this.process = process;
      this.log = log;
      this.reader = new Thread(this::readStdout, "crash-writer-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path data, int round, long seed, Path tmp, Path nativeLibs)
        throws IOException {
      Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
      Path log = tmp.resolve("writer-" + round + ".log");
      String classPath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-Xshare:auto"));
      // Whatever a killed JVM leaves in its temp dir lands in ours, which JUnit deletes.
      command.add("-Djava.io.tmpdir=" + javaTmp);
      if (nativeLibs != null) {
        command.add("-Djava.library.path=" + nativeLibs);
      }
      command.addAll(List.of("-cp", classPath, CrashWriter.class.getName()));
      command.addAll(
          List.of(
              data.toString(),
              Integer.toString(round),
              Long.toString(seed),
              Integer.toString(WRITER_THREADS)));
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectError(log.toFile());
      return new Child(pb.start(), log);
    }

    /**
     * Waits until the child has opened the store and acknowledged its first write, lets it write
     * for {@code writeMillis} more, kills it with SIGKILL and returns every complete line it
     * printed. Counting from the first write rather than from READY keeps a slow start (class
     * loading, a busy machine) from eating the window, so the kill lands among writes.
     */
    List<String> killAfter(int writeMillis) throws Exception {
      awaitLine(ready, "did not open the store");
      awaitLine(writing, "did not acknowledge a write");
      firstWriteNanos = System.nanoTime();
      // The random moment of the crash: sleeping is the point here, not a wait for a condition.
      Thread.sleep(writeMillis);
      assertThat(process.isAlive())
          .as("writer still running before the kill; %s", stderr())
          .isTrue();

      ProcessHandle handle = process.toHandle();
      process.destroyForcibly();
      assertThat(process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("exit status of a SIGKILLed JVM").isEqualTo(EXIT_KILLED);
      assertThat(handle.isAlive()).isFalse();
      assertThat(ProcessHandle.of(handle.pid()).filter(ProcessHandle::isAlive))
          .as("process %d after the kill", handle.pid())
          .isEmpty();

      reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_SECONDS));
      assertThat(reader.isAlive()).as("stdout read to its end").isFalse();
      synchronized (lines) {
        return new ArrayList<>(lines);
      }
    }

    private void awaitLine(CompletableFuture<Void> line, String failure) throws Exception {
      try {
        line.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
        throw new AssertionError("the writer " + failure + "; " + stderr(), e);
      }
    }

    /** Collects complete lines; a line cut short by the kill has no newline and is dropped. */
    private void readStdout() {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      try (InputStream in = process.getInputStream()) {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
          for (int i = 0; i < n; i++) {
            if (buf[i] != '\n') {
              line.write(buf[i]);
              continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            synchronized (lines) {
              lines.add(text);
            }
            if (text.equals("READY")) {
              ready.complete(null);
            } else if (text.startsWith("ACK")) {
              writing.complete(null);
            }
          }
        }
      } catch (IOException e) {
        ready.completeExceptionally(new UncheckedIOException(e));
      }
      IllegalStateException exited = new IllegalStateException("the writer exited");
      ready.completeExceptionally(exited);
      writing.completeExceptionally(exited);
    }

    private String stderr() {
      try {
        String text = Files.readString(log);
        return "writer stderr:\n"
            + (text.length() > 4000 ? text.substring(text.length() - 4000) : text);
      } catch (IOException e) {
        return "(no stderr: " + e + ")";
      }
    }
  }
}
