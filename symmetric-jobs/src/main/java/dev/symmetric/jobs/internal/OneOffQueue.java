package dev.symmetric.jobs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.jobs.Claim;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.OneOffContext;
import dev.symmetric.jobs.OneOffTask;
import dev.symmetric.replication.spi.Scheduler;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-off jobs: documents {@code queue:<enqueued millis>:<node>:<random>} in the replicated jobs
 * database. Every node follows the database's changes and keeps the jobs still {@code queued}; for
 * each, the live nodes are ranked by rendezvous hashing of the id, and rank {@code k} tries after
 * {@code k * standbyDelayMillis}. Trying means acquiring the claim {@code queue/<id>}; a holder
 * whose claim carries progress 1 (an earlier holder finished it) only releases it. The holder runs
 * the job, writes its outcome into the document, and releases with progress 1.
 */
final class OneOffQueue {
  private static final Logger log = LoggerFactory.getLogger(OneOffQueue.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String PREFIX = "queue:";

  /** Bound on queued jobs a node tracks; beyond it, it stops reading changes until some finish. */
  static final int PENDING_MAX = 10_000;

  /** Bound on a payload, in UTF-8 bytes. */
  static final int PAYLOAD_BYTES_MAX = 64 * 1024;

  private static final int CHANGES_BATCH_MAX = 256;
  private static final long DONE = 1;

  /** Every one-off job's claim key starts with it. */
  static final String KEY_PREFIX = "queue/";

  private static final class Pending {
    final String name;
    final String payload;
    final long seenAtMillis;
    long retryAtMillis;
    boolean busy;

    Pending(String name, String payload, long seenAtMillis) {
      this.name = name;
      this.payload = payload;
      this.seenAtMillis = seenAtMillis;
    }
  }

  private final String nodeId;
  private final Database db;
  private final Claims claims;
  private final Map<String, OneOffTask> tasks;
  private final JobsConfig config;
  private final Supplier<Collection<String>> live;
  private final Scheduler scheduler;
  private final LongSupplier wallMillis;
  private final Executor runner;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final AtomicLong ran = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private long since;
  private volatile boolean closed;
  private Scheduler.Cancellable nextCheck;

  OneOffQueue(
      String nodeId,
      Database db,
      Claims claims,
      Map<String, OneOffTask> tasks,
      JobsConfig config,
      Supplier<Collection<String>> live,
      Scheduler scheduler,
      LongSupplier wallMillis,
      Executor runner) {
    this.nodeId = nodeId;
    this.db = db;
    this.claims = claims;
    this.tasks = Map.copyOf(tasks);
    this.config = config;
    this.live = live;
    this.scheduler = scheduler;
    this.wallMillis = wallMillis;
    this.runner = runner;
  }

  void start() {
    if (!tasks.isEmpty()) {
      scheduler.execute(this::check);
    }
  }

  void close() {
    closed = true;
    synchronized (this) {
      if (nextCheck != null) {
        nextCheck.cancel();
      }
    }
  }

  String enqueue(String name, String payload) {
    if (!tasks.containsKey(name)) {
      throw new IllegalArgumentException(
          "no one-off job named '" + name + "' is registered: add Jobs.builder().oneOff(..)");
    }
    if (payload.getBytes(StandardCharsets.UTF_8).length > PAYLOAD_BYTES_MAX) {
      throw new IllegalArgumentException("a payload has at most " + PAYLOAD_BYTES_MAX + " bytes");
    }
    long now = wallMillis.getAsLong();
    String id =
        String.format(
            "%s%013d:%s:%016x", PREFIX, now, nodeId, ThreadLocalRandom.current().nextLong());
    ObjectNode doc = JSON.createObjectNode();
    doc.put("type", "one_off");
    doc.put("name", name);
    doc.put("payload", payload);
    doc.put("state", "queued");
    doc.put("enqueued_by", nodeId);
    doc.put("enqueued_at", now);
    db.put(id, doc);
    return id;
  }

  long ran() {
    return ran.get();
  }

  long failed() {
    return failed.get();
  }

  Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    synchronized (this) {
      m.put("queued_seen", pending.size());
    }
    m.put("ran_here", ran.get());
    m.put("failed_here", failed.get());
    return m;
  }

  private void check() {
    if (closed) {
      return;
    }
    try {
      readChanges();
      tryDue();
    } catch (RuntimeException e) {
      log.warn("Node {}: one-off queue check failed", nodeId, e);
    } finally {
      synchronized (this) {
        if (!closed) {
          nextCheck = scheduler.schedule(config.checkEveryMillis(), this::check);
        }
      }
    }
  }

  private void readChanges() {
    while (true) {
      synchronized (this) {
        if (pending.size() >= PENDING_MAX) {
          return; // read on once some have finished
        }
      }
      List<Change> batch =
          db.changes(ChangesRequest.since(since).withLimit(CHANGES_BATCH_MAX).withIncludeDocs(true))
              .results();
      for (Change c : batch) {
        if (c.id().startsWith(PREFIX)) {
          seen(c);
        }
        since = Math.max(since, c.seq());
      }
      if (batch.size() < CHANGES_BATCH_MAX) {
        return;
      }
    }
  }

  private synchronized void seen(Change c) {
    JsonNode body = c.deleted() || c.doc() == null ? null : c.doc().body();
    if (body == null || !"queued".equals(body.path("state").asText())) {
      Pending p = pending.get(c.id());
      if (p != null && !p.busy) {
        pending.remove(c.id());
      }
      return;
    }
    pending.putIfAbsent(
        c.id(),
        new Pending(
            body.path("name").asText(), body.path("payload").asText(), scheduler.nowMillis()));
  }

  private void tryDue() {
    Collection<String> members = live.get();
    long now = scheduler.nowMillis();
    List<Map.Entry<String, Pending>> due;
    synchronized (this) {
      due =
          pending.entrySet().stream()
              .filter(e -> !e.getValue().busy && now >= e.getValue().retryAtMillis)
              .filter(e -> tasks.containsKey(e.getValue().name))
              .filter(
                  e -> {
                    int rank = Rendezvous.rank(nodeId, members, e.getKey(), 0);
                    return now - e.getValue().seenAtMillis >= rank * config.standbyDelayMillis();
                  })
              .map(e -> Map.entry(e.getKey(), e.getValue()))
              .toList();
      due.forEach(e -> e.getValue().busy = true);
    }
    for (Map.Entry<String, Pending> e : due) {
      attempt(e.getKey(), e.getValue());
    }
  }

  private void attempt(String id, Pending p) {
    claims
        .acquire(KEY_PREFIX + id, config.leaseMillis())
        .whenComplete(
            (c, error) -> {
              if (c == null || c.isEmpty()) {
                retryLater(p);
                return;
              }
              Claim claim = c.get();
              if (claim.progress() >= DONE || !stillQueued(id)) {
                claims.release(claim, DONE);
                finished(id);
                return;
              }
              try {
                runner.execute(() -> run(id, p, claim));
              } catch (RejectedExecutionException full) {
                claims.release(claim);
                retryLater(p);
              }
            });
  }

  private void run(String id, Pending p, Claim claim) {
    AtomicReference<Claim> current = new AtomicReference<>(claim);
    Renewal renewal = new Renewal(claims, scheduler, config.leaseMillis(), current);
    renewal.schedule();
    String outcome = "ok";
    String error = null;
    long start = wallMillis.getAsLong();
    try {
      tasks.get(p.name).run(context(id, p, current));
    } catch (Exception | AssertionError e) {
      outcome = "failed";
      error = String.valueOf(e.getMessage());
      log.warn("Node {}: one-off job {} ({}) failed", nodeId, id, p.name, e);
    } finally {
      renewal.stop();
    }
    if (!claims.isValid(current.get())) {
      outcome = "lease_lost"; // another node may run it again: at-least-once
    }
    ("ok".equals(outcome) ? ran : failed).incrementAndGet();
    complete(id, current.get(), start, outcome, error);
    releaseDone(current.get(), 3);
    finished(id);
  }

  /** Hands the finished mark on; retried, since a lost release would let the job run again. */
  private void releaseDone(Claim claim, int attempts) {
    claims
        .release(claim, DONE)
        .whenComplete(
            (ok, e) -> {
              if ((ok == null || !ok) && attempts > 1 && !closed) {
                scheduler.schedule(
                    config.retryDelayMillis(), () -> releaseDone(claim, attempts - 1));
              }
            });
  }

  private boolean stillQueued(String id) {
    try {
      return "queued".equals(db.get(id).body().path("state").asText());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void complete(String id, Claim claim, long start, String outcome, String error) {
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        Document current = db.get(id);
        ObjectNode doc = current.body().deepCopy();
        doc.put("_rev", current.rev().toString());
        doc.put("state", "ok".equals(outcome) ? "done" : outcome);
        doc.put("node", nodeId);
        doc.put("token", claim.token());
        doc.put("start", start);
        doc.put("end", wallMillis.getAsLong());
        if (error != null) {
          doc.put("error", error.length() > 1_000 ? error.substring(0, 1_000) : error);
        }
        db.put(id, doc);
        return;
      } catch (ConflictException e) {
        // a replicated revision arrived meanwhile: read it and write again
      } catch (RuntimeException e) {
        log.warn("Node {}: could not record the outcome of one-off job {}", nodeId, id, e);
        return;
      }
    }
  }

  private synchronized void finished(String id) {
    pending.remove(id);
  }

  private synchronized void retryLater(Pending p) {
    p.busy = false;
    p.retryAtMillis = scheduler.nowMillis() + config.retryDelayMillis();
  }

  private OneOffContext context(String id, Pending p, AtomicReference<Claim> current) {
    return new OneOffContext() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String name() {
        return p.name;
      }

      @Override
      public String payload() {
        return p.payload;
      }

      @Override
      public long token() {
        return current.get().token();
      }

      @Override
      public boolean stillHolder() {
        return claims.isValid(current.get());
      }
    };
  }
}
