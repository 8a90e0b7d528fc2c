package dev.symmetric.replication.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.replication.Replication;
import dev.symmetric.replication.ReplicationState;
import dev.symmetric.replication.ReplicationStatus;
import dev.symmetric.replication.spi.ChangesBatch;
import dev.symmetric.replication.spi.ChangesQuery;
import dev.symmetric.replication.spi.DocRev;
import dev.symmetric.replication.spi.Endpoint;
import dev.symmetric.replication.spi.EndpointException;
import dev.symmetric.replication.spi.EndpointInfo;
import dev.symmetric.replication.spi.Scheduler;
import dev.symmetric.replication.spi.WriteFailure;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication loop as an asynchronous state machine on the scheduler: verify peers, read
 * checkpoints, then changes, revs diff, fetch, filter, write, checkpoint, again. Every step runs
 * under this object's lock on a scheduler thread; an epoch number makes the continuation of a call
 * that outlived a retry or a stop a no-op. Reading (changes, diff, fetch) runs one batch ahead of
 * writing, and checkpoints are written beside both; at most one call of each kind is in flight,
 * plus one changes batch read ahead.
 */
public final class Replicator implements Replication {
  private static final Logger log = LoggerFactory.getLogger(Replicator.class);
  private static final long STOP_CHECKPOINT_MILLIS_MAX = 5_000;

  /** Batches read and not yet written: one being written while the next is fetched. */
  static final int BATCHES_OPEN_MAX = 2;

  /**
   * Fetched revisions waiting for the writer; a unit without documents marks the end of a batch and
   * carries the sequence to commit once everything before it is written.
   */
  private record Unit(List<ObjectNode> docs, JsonNode seqAfter, long batchPending) {}

  private final ReplicationConfig c;
  private final Endpoint source;
  private final Endpoint target;
  private final Scheduler scheduler;
  private final String replicationId;
  private final CompletableFuture<ReplicationStatus> completion = new CompletableFuture<>();

  // Everything below is guarded by this.
  private boolean started;
  private boolean finished;
  private ReplicationState state = ReplicationState.STARTING;
  private long docsRead;
  private long docsWritten;
  private long docWriteFailures;
  private long pending = -1;
  private long lastSuccessMillis = -1;
  private JsonNode lastCheckpointedSeq;
  private JsonNode sourceSeq;
  private String lastError;
  private int epoch;
  private int consecutiveFailures;
  private Scheduler.Cancellable retryTimer;
  private CompletableFuture<ChangesBatch> waiting;
  private CompletableFuture<ChangesBatch> prefetch;
  private JsonNode prefetchSince;

  // The pipeline (see startPipeline).
  private final ArrayDeque<Unit> fetched = new ArrayDeque<>();
  private JsonNode readSeq;
  private boolean reading;
  private boolean writing;
  private int batchesOpen;
  private boolean caughtUp;
  private JsonNode caughtUpAt;
  private boolean checkpointing;
  private Runnable afterCheckpoint;
  private boolean recheckAfterCheckpoint;
  private Scheduler.Cancellable checkpointTimer;

  // The session: one per reading of the checkpoints.
  private boolean resumable;
  private String sessionId;
  private String sessionStartTime;
  private JsonNode sessionStartSeq;
  private long sessionBaseRead;
  private long sessionBaseWritten;
  private long sessionBaseFailures;
  private ArrayNode history;
  private JsonNode committedSeq;
  private long lastCheckpointMillis;
  private String sourceInstance;
  private String targetInstance;
  private JsonNode checkpointedOnStop;

  public Replicator(ReplicationConfig config) {
    this.c = config;
    this.source = config.source();
    this.target = config.target();
    this.scheduler = config.scheduler();
    this.replicationId = Checkpoints.replicationId(config);
  }

  @Override
  public synchronized Replication start() {
    if (started) {
      throw new IllegalStateException("replication " + replicationId + " was started already");
    }
    started = true;
    if (finished) {
      return this;
    }
    log.info(
        "replication {} starting: {} -> {}{}",
        replicationId,
        source.id(),
        target.id(),
        c.continuous() ? " (continuous)" : "");
    int ep = epoch;
    scheduler.execute(() -> attempt(ep));
    return this;
  }

  @Override
  public synchronized ReplicationStatus status() {
    return new ReplicationStatus(
        replicationId,
        source.id(),
        target.id(),
        state,
        docsRead,
        docsWritten,
        docWriteFailures,
        pending,
        Json.seqText(lastCheckpointedSeq),
        Json.seqText(sourceSeq),
        lastSuccessMillis,
        lastError);
  }

  @Override
  public CompletableFuture<ReplicationStatus> completion() {
    return completion.copy();
  }

  @Override
  public void stop() {
    CompletableFuture<Void> lastCheckpoint;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      state = ReplicationState.STOPPED;
      cancelInFlight();
      boolean dirty =
          resumable && committedSeq != null && !committedSeq.equals(lastCheckpointedSeq);
      lastCheckpoint =
          dirty ? writeCheckpoints(committedSeq) : CompletableFuture.completedFuture(null);
    }
    // A stop keeps the progress made so far, within a bound: a peer that is away cannot hold it.
    withinStopBound(lastCheckpoint)
        .whenComplete(
            (v, e) -> {
              synchronized (this) {
                if (e == null && checkpointedOnStop != null) {
                  lastCheckpointedSeq = checkpointedOnStop;
                }
              }
              log.info("replication {} stopped", replicationId);
              completion.complete(status());
            });
  }

  /**
   * {@code f}, failed with a timeout after {@link #STOP_CHECKPOINT_MILLIS_MAX}. Timed by the
   * scheduler rather than {@code orTimeout}'s JDK timer thread, so that a simulation on virtual
   * time sees the same stop on every run.
   */
  private CompletableFuture<Void> withinStopBound(CompletableFuture<Void> f) {
    CompletableFuture<Void> bounded = new CompletableFuture<>();
    Scheduler.Cancellable timer;
    try {
      timer =
          scheduler.schedule(
              STOP_CHECKPOINT_MILLIS_MAX,
              () -> bounded.completeExceptionally(new TimeoutException("stop checkpoint")));
    } catch (RejectedExecutionException shutDown) {
      return f.orTimeout(STOP_CHECKPOINT_MILLIS_MAX, TimeUnit.MILLISECONDS);
    }
    f.whenComplete(
        (v, e) -> {
          timer.cancel();
          if (e == null) {
            bounded.complete(null);
          } else {
            bounded.completeExceptionally(e);
          }
        });
    return bounded;
  }

  // ---- the loop ----

  private synchronized void attempt(int ep) {
    if (ep != epoch || finished) {
      return;
    }
    CompletableFuture<EndpointInfo> s = source.info();
    CompletableFuture<EndpointInfo> t = targetInfo();
    on(ep, s.thenCombine(t, List::of), infos -> verified(ep, infos.get(0), infos.get(1)));
  }

  private CompletableFuture<EndpointInfo> targetInfo() {
    return target
        .info()
        .exceptionallyCompose(
            e -> {
              Throwable x = unwrap(e);
              if (c.createTarget() && x instanceof EndpointException ee && ee.status() == 404) {
                return target.createDatabase().thenCompose(v -> target.info());
              }
              return CompletableFuture.failedFuture(x);
            });
  }

  private void verified(int ep, EndpointInfo si, EndpointInfo ti) {
    sourceSeq = si.updateSeq();
    boolean recreated =
        resumable
            && (!Objects.equals(sourceInstance, si.instanceStartTime())
                || !Objects.equals(targetInstance, ti.instanceStartTime()));
    sourceInstance = si.instanceStartTime();
    targetInstance = ti.instanceStartTime();
    if (state == ReplicationState.BACKING_OFF) {
      state = ReplicationState.RUNNING;
    }
    if (resumable && !recreated) {
      startPipeline(ep, committedSeq);
      return;
    }
    if (recreated) {
      log.info(
          "replication {}: a database was re-created; comparing checkpoints again", replicationId);
    }
    on(
        ep,
        source.getLocal(replicationId).thenCombine(target.getLocal(replicationId), List::of),
        logs -> resumeFrom(ep, logs.get(0), logs.get(1)));
  }

  private void resumeFrom(int ep, Optional<ObjectNode> sourceLog, Optional<ObjectNode> targetLog) {
    Checkpoints.Start start = Checkpoints.compare(sourceLog, targetLog);
    history = start.history();
    committedSeq = start.seq();
    lastCheckpointedSeq = start.seq();
    sessionStartSeq = start.seq();
    sessionId = randomHex();
    sessionStartTime = wallTime();
    sessionBaseRead = docsRead;
    sessionBaseWritten = docsWritten;
    sessionBaseFailures = docWriteFailures;
    lastCheckpointMillis = scheduler.nowMillis();
    resumable = true;
    state = ReplicationState.RUNNING;
    log.info(
        "replication {} session {} resumes after {}",
        replicationId,
        sessionId,
        start.seq() == null ? "the beginning" : Json.seqText(start.seq()));
    startPipeline(ep, committedSeq);
  }

  /**
   * Starts the pipeline at {@code from}: a reader (changes, revs diff, fetch) runs up to {@link
   * #BATCHES_OPEN_MAX} batches ahead of a writer that writes what was fetched in order, so a batch
   * travels from the source while the one before it is written.
   */
  private void startPipeline(int ep, JsonNode from) {
    readSeq = from;
    reading = false;
    writing = false;
    fetched.clear();
    batchesOpen = 0;
    caughtUpAt = null;
    caughtUp = false;
    pump(ep);
  }

  /** Starts whatever the pipeline can do now: a write, a read, or going idle once drained. */
  private void pump(int ep) {
    while (!writing && !fetched.isEmpty()) {
      writeNext(ep);
    }
    if (caughtUp) {
      if (!writing && batchesOpen == 0) {
        caughtUp = false;
        idle(ep, caughtUpAt);
      }
      return;
    }
    if (!reading && batchesOpen < BATCHES_OPEN_MAX) {
      readChanges(ep, readSeq);
    }
  }

  private void readChanges(int ep, JsonNode since) {
    reading = true;
    CompletableFuture<ChangesBatch> f;
    if (prefetch != null && Objects.equals(prefetchSince, since)) {
      f = prefetch;
    } else {
      if (prefetch != null) {
        prefetch.cancel(false);
      }
      f = source.changes(query(since, 0));
    }
    prefetch = null;
    prefetchSince = null;
    on(ep, f, batch -> onBatch(ep, since, batch));
  }

  private ChangesQuery query(JsonNode since, long waitMillis) {
    return new ChangesQuery(since, c.batchDocsMax(), c.docIds(), waitMillis);
  }

  private void onBatch(int ep, JsonNode since, ChangesBatch batch) {
    waiting = null;
    pending = batch.pending();
    JsonNode last = batch.lastSeq() != null && !batch.lastSeq().isNull() ? batch.lastSeq() : since;
    if (batch.rows().isEmpty()) {
      reading = false;
      readSeq = last;
      caughtUp = true;
      caughtUpAt = last;
      pump(ep);
      return;
    }
    state = ReplicationState.RUNNING;
    batchesOpen++;
    if (batch.pending() > 0 || (batch.pending() < 0 && batch.rows().size() >= c.batchDocsMax())) {
      // Read the next batch while this one is diffed, fetched and written.
      prefetch = source.changes(query(last, 0));
      prefetchSince = last;
    }
    Map<String, Set<String>> revs = new LinkedHashMap<>();
    for (ChangesBatch.ChangeRow row : batch.rows()) {
      revs.computeIfAbsent(row.id(), k -> new LinkedHashSet<>()).addAll(row.revs());
    }
    Map<String, List<String>> ask = new LinkedHashMap<>();
    revs.forEach((id, r) -> ask.put(id, List.copyOf(r)));
    on(ep, target.revsDiff(ask), missing -> copyMissing(ep, last, batch.pending(), missing));
  }

  /**
   * Caught up with everything written. A one-shot replication checkpoints and finishes; a
   * continuous one waits for the next change at once and checkpoints beside the wait, at most once
   * per interval, so a change arriving just after it went idle does not wait behind a checkpoint.
   */
  private void idle(int ep, JsonNode last) {
    committedSeq = last;
    if (last != null) {
      sourceSeq = last;
    }
    succeeded();
    reading = true;
    if (!c.continuous()) {
      checkpoint(ep, () -> finish(ReplicationState.COMPLETED));
      return;
    }
    state = ReplicationState.IDLE;
    awaitChanges(ep, last);
    checkpointWhenDue(ep);
  }

  /**
   * Checkpoints {@link #committedSeq} in the background once the interval since the last checkpoint
   * has passed: now, when one finishes, or on a timer.
   */
  private void checkpointWhenDue(int ep) {
    if (committedSeq == null || committedSeq.equals(lastCheckpointedSeq)) {
      return;
    }
    if (checkpointing) {
      recheckAfterCheckpoint = true;
      return;
    }
    long wait = lastCheckpointMillis + c.checkpointIntervalMillis() - scheduler.nowMillis();
    if (wait > 0) {
      if (checkpointTimer == null) {
        checkpointTimer = scheduler.schedule(wait, () -> checkpointTimerFired(ep));
      }
      return;
    }
    checkpoint(ep, () -> {});
  }

  private synchronized void checkpointTimerFired(int ep) {
    if (ep != epoch || finished) {
      return;
    }
    checkpointTimer = null;
    checkpointWhenDue(ep);
  }

  private void awaitChanges(int ep, JsonNode since) {
    CompletableFuture<ChangesBatch> f = source.changes(query(since, c.longpollMillis()));
    waiting = f;
    on(ep, f, batch -> onBatch(ep, since, batch));
  }

  private void copyMissing(
      int ep, JsonNode last, long batchPending, Map<String, List<String>> missing) {
    List<List<DocRev>> chunks = chunksByDocument(missing, c.batchDocsMax());
    log.debug(
        "replication {}: {} documents miss revisions on the target", replicationId, missing.size());
    fetchChunk(ep, chunks, 0, last, batchPending);
  }

  /**
   * The missing revisions in chunks of at most {@code revsMax}, never splitting one document's
   * revisions: they travel in one fetch and one write, so the target never holds part of a
   * multi-revision edit (a conflict's deletion without its merged revision reads as a deletion). A
   * document with more missing revisions than the bound goes alone in a chunk of its own.
   */
  static List<List<DocRev>> chunksByDocument(Map<String, List<String>> missing, int revsMax) {
    List<List<DocRev>> chunks = new ArrayList<>();
    List<DocRev> chunk = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : missing.entrySet()) {
      List<String> revs = e.getValue();
      if (!chunk.isEmpty() && chunk.size() + revs.size() > revsMax) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
      }
      for (String rev : revs) {
        chunk.add(new DocRev(e.getKey(), rev));
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /**
   * Fetches the chunks one after the other and hands each to the writer; the batch's sequence
   * follows its last chunk, so the writer commits it only when everything before it is written.
   */
  private void fetchChunk(
      int ep, List<List<DocRev>> chunks, int index, JsonNode last, long batchPending) {
    if (index >= chunks.size()) {
      fetched.add(new Unit(List.of(), last, batchPending));
      readSeq = last;
      reading = false;
      pump(ep);
      return;
    }
    on(
        ep,
        source.fetch(chunks.get(index)),
        docs -> {
          docsRead += docs.size();
          List<ObjectNode> keep = docs;
          if (c.filter() != null) {
            keep = new ArrayList<>(docs.size());
            for (ObjectNode d : docs) {
              if (c.filter().test(d)) {
                keep.add(d);
              }
            }
          }
          if (!keep.isEmpty()) {
            fetched.add(new Unit(keep, null, batchPending));
            pump(ep);
          }
          fetchChunk(ep, chunks, index + 1, last, batchPending);
        });
  }

  /** Writes the next fetched chunk, or commits the batch whose end it marks. */
  private void writeNext(int ep) {
    Unit u = fetched.poll();
    if (u.docs().isEmpty()) {
      batchDone(ep, u.seqAfter(), u.batchPending());
      return;
    }
    writing = true;
    int count = u.docs().size();
    on(
        ep,
        target.writeReplicated(u.docs()),
        failures -> {
          writing = false;
          recordWrites(count, failures);
          pump(ep);
        });
  }

  private void recordWrites(int count, List<WriteFailure> failures) {
    docWriteFailures += failures.size();
    docsWritten += Math.max(0, count - failures.size());
    for (WriteFailure f : failures) {
      log.warn(
          "replication {}: target refused {} {}: {}: {}",
          replicationId,
          f.id(),
          f.rev(),
          f.error(),
          f.reason());
    }
  }

  private void batchDone(int ep, JsonNode last, long batchPending) {
    batchesOpen--;
    committedSeq = last;
    if (batchPending == 0) {
      sourceSeq = last;
    }
    succeeded();
    // In the background: the pipeline moves on while the checkpoint is written.
    checkpointWhenDue(ep);
  }

  private void succeeded() {
    lastSuccessMillis = scheduler.nowMillis();
    consecutiveFailures = 0;
  }

  // ---- checkpoints ----

  /**
   * Records {@link #committedSeq} on both ends when it moved, then runs {@code then}. One
   * checkpoint is written at a time; a second waits for the first.
   */
  private void checkpoint(int ep, Runnable then) {
    if (checkpointing) {
      Runnable before = afterCheckpoint;
      afterCheckpoint =
          () -> {
            if (before != null) {
              before.run();
            }
            checkpoint(ep, then);
          };
      return;
    }
    JsonNode seq = committedSeq;
    if (seq == null || seq.equals(lastCheckpointedSeq)) {
      lastCheckpointMillis = scheduler.nowMillis();
      then.run();
      return;
    }
    checkpointing = true;
    ObjectNode doc = checkpointDocument(seq);
    on(
        ep,
        writeBoth(doc),
        v -> {
          checkpointing = false;
          lastCheckpointedSeq = seq;
          history = (ArrayNode) doc.get("history");
          lastCheckpointMillis = scheduler.nowMillis();
          log.debug("replication {} checkpointed at {}", replicationId, Json.seqText(seq));
          Runnable next = afterCheckpoint;
          afterCheckpoint = null;
          then.run();
          if (next != null) {
            next.run();
          }
          if (recheckAfterCheckpoint && !checkpointing) {
            recheckAfterCheckpoint = false;
            checkpointWhenDue(ep);
          }
        });
  }

  private CompletableFuture<Void> writeCheckpoints(JsonNode seq) {
    ObjectNode doc = checkpointDocument(seq);
    return writeBoth(doc)
        .thenRun(
            () -> {
              synchronized (this) {
                checkpointedOnStop = seq;
              }
            });
  }

  private ObjectNode checkpointDocument(JsonNode seq) {
    Checkpoints.Session session =
        new Checkpoints.Session(
            sessionId,
            sessionStartTime,
            sessionStartSeq,
            docsRead - sessionBaseRead,
            docsWritten - sessionBaseWritten,
            docWriteFailures - sessionBaseFailures);
    return Checkpoints.document(session, seq, wallTime(), history);
  }

  private CompletableFuture<Void> writeBoth(ObjectNode doc) {
    return CompletableFuture.allOf(writeLog(source, doc), writeLog(target, doc));
  }

  /** Reads the current {@code _rev} and writes over it; once more if someone wrote in between. */
  private CompletableFuture<Void> writeLog(Endpoint endpoint, ObjectNode doc) {
    return writeLogOnce(endpoint, doc)
        .exceptionallyCompose(
            e -> {
              Throwable x = unwrap(e);
              if (x instanceof EndpointException ee && ee.status() == 409) {
                return writeLogOnce(endpoint, doc);
              }
              return CompletableFuture.failedFuture(x);
            });
  }

  private CompletableFuture<Void> writeLogOnce(Endpoint endpoint, ObjectNode doc) {
    return endpoint
        .getLocal(replicationId)
        .thenCompose(
            current -> {
              ObjectNode d = doc.deepCopy();
              current
                  .map(o -> o.get("_rev"))
                  .filter(JsonNode::isTextual)
                  .ifPresent(rev -> d.put("_rev", rev.textValue()));
              return endpoint.putLocal(replicationId, d);
            });
  }

  // ---- errors and the end ----

  private void failed(int ep, Throwable e) {
    Throwable x = unwrap(e);
    lastError = x instanceof EndpointException ? x.getMessage() : x.toString();
    cancelInFlight();
    // Only a checkpoint write answers 409. It still conflicts after writeLog's second try when a
    // request arrived twice or took effect before its answer was lost; the next attempt reads the
    // checkpoint's revision afresh, so it is retried like a transient failure, not fatal.
    boolean retryable =
        x instanceof EndpointException ee && (ee.isTransient() || ee.status() == 409);
    if (!retryable) {
      if (x instanceof EndpointException) {
        log.warn("replication {} failed: {}", replicationId, lastError);
      } else {
        log.warn("replication {} failed: {}", replicationId, lastError, x);
      }
      finish(ReplicationState.FAILED);
      return;
    }
    consecutiveFailures++;
    if (consecutiveFailures >= c.attemptsMax()) {
      log.warn(
          "replication {} failed after {} attempts: {}",
          replicationId,
          consecutiveFailures,
          lastError);
      finish(ReplicationState.FAILED);
      return;
    }
    long delay = backoffMillis(consecutiveFailures);
    state = ReplicationState.BACKING_OFF;
    epoch++;
    int next = epoch;
    log.info(
        "replication {}: {}; retrying in {} ms (attempt {})",
        replicationId,
        lastError,
        delay,
        consecutiveFailures + 1);
    retryTimer = scheduler.schedule(delay, () -> attempt(next));
  }

  /** Full jitter: uniform between the minimum and min * 2^(failures-1), capped at the maximum. */
  private long backoffMillis(int failures) {
    long cap = c.backoffMinMillis();
    for (int i = 1; i < failures && cap < c.backoffMaxMillis(); i++) {
      cap *= 2;
    }
    cap = Math.min(cap, c.backoffMaxMillis());
    long span = cap - c.backoffMinMillis();
    return c.backoffMinMillis() + (span <= 0 ? 0 : c.random().nextLong(span + 1));
  }

  private void finish(ReplicationState end) {
    if (finished) {
      return;
    }
    finished = true;
    state = end;
    cancelInFlight();
    ReplicationStatus s = status();
    if (end == ReplicationState.COMPLETED) {
      log.info(
          "replication {} completed: {} read, {} written, {} refused",
          replicationId,
          docsRead,
          docsWritten,
          docWriteFailures);
    }
    try {
      scheduler.execute(() -> completion.complete(s));
    } catch (RejectedExecutionException e) {
      completion.complete(s);
    }
  }

  private void cancelInFlight() {
    epoch++;
    checkpointing = false;
    afterCheckpoint = null;
    recheckAfterCheckpoint = false;
    if (checkpointTimer != null) {
      checkpointTimer.cancel();
      checkpointTimer = null;
    }
    if (retryTimer != null) {
      retryTimer.cancel();
      retryTimer = null;
    }
    if (prefetch != null) {
      prefetch.cancel(false);
      prefetch = null;
      prefetchSince = null;
    }
    if (waiting != null) {
      waiting.cancel(false);
      waiting = null;
    }
  }

  /** Runs {@code next} with the result on the scheduler, unless the attempt is over by then. */
  private <T> void on(int ep, CompletableFuture<T> f, Consumer<T> next) {
    f.whenComplete(
        (v, e) -> {
          try {
            scheduler.execute(() -> step(ep, v, e, next));
          } catch (RejectedExecutionException rejected) {
            step(ep, v, e, next);
          }
        });
  }

  private synchronized <T> void step(int ep, T value, Throwable error, Consumer<T> next) {
    if (ep != epoch || finished) {
      return;
    }
    if (error != null) {
      failed(ep, error);
      return;
    }
    try {
      next.accept(value);
    } catch (RuntimeException e) {
      failed(ep, e);
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable x = e;
    while ((x instanceof CompletionException || x instanceof ExecutionException)
        && x.getCause() != null) {
      x = x.getCause();
    }
    return x;
  }

  private String randomHex() {
    byte[] b = new byte[16];
    c.random().nextBytes(b);
    StringBuilder s = new StringBuilder(32);
    for (byte x : b) {
      s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return s.toString();
  }

  private String wallTime() {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(c.wallClock()));
  }

  @Override
  public String toString() {
    return "Replication[" + replicationId + " " + source.id() + " -> " + target.id() + "]";
  }
}
