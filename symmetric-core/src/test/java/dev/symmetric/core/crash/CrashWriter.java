package dev.symmetric.core.crash;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.AllDocsRow;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.Revision;
import dev.symmetric.core.WriteResult;
import dev.symmetric.core.spi.Durability;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link CrashRecoveryTest}: opens a store with {@link Durability#SYNC} and
 * writes until it is killed, from several threads so that writes share group commits. After each
 * write returns it prints one line to stdout, so every printed line is a write the store has
 * acknowledged:
 *
 * <pre>
 * READY                         the store is open; writes follow
 * ACK id rev deleted            a document revision (edit, delete, bulk or replicated)
 * ACKLOCAL id rev               a local document revision (id without the _local/ prefix)
 * ERROR message                 a write failed; the process exits with status 2
 * </pre>
 *
 * <p>Arguments: data directory, round number, seed, writer threads. Each round writes new documents
 * under its own id prefix and also edits documents earlier rounds left, learned from {@code
 * _all_docs} at start. Every document is edited by one thread only, so no write conflicts with
 * another and any failure is a bug.
 *
 * <p>The process stops by itself after {@link #RUN_MILLIS_MAX}, or as soon as its stdin closes (the
 * test JVM died), so a lost parent leaves no writer behind.
 */
public final class CrashWriter {
  static final String DATABASE = "crash";
  static final String REPLICATED_PREFIX = "rep-";
  static final long RUN_MILLIS_MAX = 60_000;
  static final int EXIT_WRITE_FAILED = 2;
  static final int EXIT_NOT_KILLED = 3;

  private static final int BULK_DOCS_MAX = 25;
  private static final PrintStream OUT =
      new PrintStream(
          new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 12),
          false,
          StandardCharsets.UTF_8);

  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    int round = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    int threads = Integer.parseInt(args[3]);

    exitWhenParentGoes();
    DocumentStore store =
        DocumentStore.builder().dataDir(dataDir).durability(Durability.SYNC).build();
    Database db = store.findDatabase(DATABASE).orElseGet(() -> store.createDatabase(DATABASE));

    List<Writer> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      writers.add(new Writer(db, round, t, new Random(seed * 31 + t)));
    }
    // Documents of earlier rounds: each goes to one writer, which continues from its winner.
    int i = 0;
    for (AllDocsRow row : db.allDocs(AllDocsRequest.all()).rows()) {
      writers.get(i++ % threads).adopt(row.id(), row.rev());
    }

    emit("READY");
    List<Thread> running = new ArrayList<>();
    for (Writer w : writers) {
      Thread thread = new Thread(w, "writer-" + running.size());
      thread.start();
      running.add(thread);
    }
    for (Thread thread : running) {
      thread.join(RUN_MILLIS_MAX);
    }
    // Not killed in time: the test that started us is gone or stuck.
    Runtime.getRuntime().halt(EXIT_NOT_KILLED);
  }

  private static void exitWhenParentGoes() {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // The parent never writes; only end of stream matters.
                }
              } catch (IOException e) {
                // Same as end of stream.
              }
              Runtime.getRuntime().halt(EXIT_NOT_KILLED);
            },
            "stdin-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  static void emit(String line) {
    synchronized (OUT) {
      OUT.print(line);
      OUT.print('\n');
      OUT.flush();
    }
  }

  /** One writing thread and the documents only it edits. */
  private static final class Writer implements Runnable {
    private final Database db;
    private final Random rnd;
    private final String prefix;
    private final long deadlineNanos =
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS_MAX);

    /** Live documents edited with new_edits=true, and the leaf this writer last wrote. */
    private final Pool live = new Pool();

    /** Documents this writer deleted; writing without a revision recreates them. */
    private final Pool deleted = new Pool();

    /** Documents written only with new_edits=false, and the leaf this writer extends. */
    private final Pool replicated = new Pool();

    private final Map<String, Revision> locals = new HashMap<>();
    private int counter;

    Writer(Database db, int round, int thread, Random rnd) {
      this.db = db;
      this.rnd = rnd;
      this.prefix = "r" + round + "-t" + thread + "-";
    }

    void adopt(String id, Revision winner) {
      (id.startsWith(REPLICATED_PREFIX) ? replicated : live).put(id, winner);
    }

    @Override
    public void run() {
      try {
        while (System.nanoTime() < deadlineNanos) {
          step();
        }
      } catch (Throwable e) {
        emit("ERROR " + Thread.currentThread().getName() + " " + e);
        e.printStackTrace();
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_WRITE_FAILED);
      }
    }

    private void step() {
      int op = rnd.nextInt(100);
      if (op < 25 || live.isEmpty()) {
        create();
      } else if (op < 50) {
        update();
      } else if (op < 58) {
        delete();
      } else if (op < 62 && !deleted.isEmpty()) {
        recreate();
      } else if (op < 75) {
        bulk();
      } else if (op < 88) {
        replicate();
      } else {
        putLocal();
      }
    }

    private void create() {
      String id = prefix + counter++;
      WriteResult w = db.put(body(id));
      acked(id, w.rev(), false);
      live.put(id, w.rev());
    }

    private void update() {
      String id = live.pick(rnd);
      ObjectNode doc = body(id).put("_rev", live.get(id).toString());
      WriteResult w = db.put(doc);
      acked(id, w.rev(), false);
      live.put(id, w.rev());
    }

    private void delete() {
      String id = live.pick(rnd);
      WriteResult w = db.delete(id, live.get(id));
      acked(id, w.rev(), true);
      live.remove(id);
      deleted.put(id, w.rev());
    }

    private void recreate() {
      String id = deleted.pick(rnd);
      WriteResult w = db.put(body(id));
      acked(id, w.rev(), false);
      deleted.remove(id);
      live.put(id, w.rev());
    }

    /** New documents and updates of distinct live ones in one bulkDocs call. */
    private void bulk() {
      int size = 2 + rnd.nextInt(BULK_DOCS_MAX - 1);
      List<ObjectNode> docs = new ArrayList<>(size);
      Set<String> updated = new HashSet<>();
      for (int i = 0; i < size; i++) {
        if (rnd.nextBoolean() && !live.isEmpty()) {
          String id = live.pick(rnd);
          if (updated.add(id)) {
            docs.add(body(id).put("_rev", live.get(id).toString()));
          }
        } else {
          docs.add(body(prefix + counter++));
        }
      }
      List<BulkResult> results = db.bulkDocs(docs, true);
      for (BulkResult r : results) {
        if (!r.isOk()) {
          throw new IllegalStateException("bulk write of " + r.id() + " failed", r.error());
        }
        acked(r.id(), r.rev(), false);
        live.put(r.id(), r.rev());
      }
    }

    /**
     * Revisions as a replicator writes them (new_edits=false): a new document with a short history,
     * an extension of the leaf this writer knows (sometimes a deletion), or a second root that
     * conflicts with it.
     */
    private void replicate() {
      ObjectNode doc;
      String id;
      int kind = replicated.isEmpty() ? 0 : rnd.nextInt(3);
      if (kind == 0) {
        id = REPLICATED_PREFIX + prefix + counter++;
        int depth = 1 + rnd.nextInt(3);
        doc = body(id);
        doc.set("_revisions", revisions(depth, hashes(depth)));
      } else {
        id = replicated.pick(rnd);
        doc = body(id);
        Revision leaf = replicated.get(id);
        if (kind == 1) {
          doc.set("_revisions", revisions(leaf.generation() + 1, hash(), leaf.hash()));
          if (rnd.nextInt(5) == 0) {
            doc.put("_deleted", true);
          }
        } else {
          doc.set("_revisions", revisions(1, hash()));
        }
      }
      BulkResult r = db.bulkDocs(List.of(doc), false).get(0);
      if (!r.isOk()) {
        throw new IllegalStateException("replicated write of " + id + " failed", r.error());
      }
      boolean isDeleted = doc.path("_deleted").asBoolean(false);
      acked(id, r.rev(), isDeleted);
      if (kind != 2) {
        replicated.put(id, r.rev());
      }
    }

    private void putLocal() {
      String id = prefix + "local-" + rnd.nextInt(4);
      ObjectNode doc = body(id);
      Revision current = locals.get(id);
      if (current != null) {
        doc.put("_rev", current.toString());
      }
      WriteResult w = db.putLocal(id, doc);
      emit("ACKLOCAL " + id + " " + w.rev());
      locals.put(id, w.rev());
    }

    private ObjectNode body(String id) {
      ObjectNode doc = JsonNodeFactory.instance.objectNode();
      doc.put("_id", id);
      doc.put("owner", id);
      doc.put("n", counter);
      doc.put("pad", "x".repeat(rnd.nextInt(200)));
      return doc;
    }

    private ObjectNode revisions(int start, String... ids) {
      ObjectNode revs = JsonNodeFactory.instance.objectNode();
      revs.put("start", start);
      var array = revs.putArray("ids");
      for (String h : ids) {
        array.add(h);
      }
      return revs;
    }

    private String[] hashes(int n) {
      String[] out = new String[n];
      for (int i = 0; i < n; i++) {
        out[i] = hash();
      }
      return out;
    }

    private String hash() {
      return String.format("%016x%016x", rnd.nextLong(), rnd.nextLong());
    }

    private static void acked(String id, Revision rev, boolean isDeleted) {
      emit("ACK " + id + " " + rev + " " + isDeleted);
    }
  }

  /** Ids with a revision each, and picking one at random in constant time. */
  private static final class Pool {
    private final Map<String, Revision> revs = new HashMap<>();
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    boolean isEmpty() {
      return ids.isEmpty();
    }

    Revision get(String id) {
      return revs.get(id);
    }

    void put(String id, Revision rev) {
      if (revs.put(id, rev) == null) {
        index.put(id, ids.size());
        ids.add(id);
      }
    }

    void remove(String id) {
      revs.remove(id);
      int i = index.remove(id);
      String last = ids.remove(ids.size() - 1);
      if (i < ids.size()) {
        ids.set(i, last);
        index.put(last, i);
      }
    }

    String pick(Random rnd) {
      return ids.get(rnd.nextInt(ids.size()));
    }
  }
}
