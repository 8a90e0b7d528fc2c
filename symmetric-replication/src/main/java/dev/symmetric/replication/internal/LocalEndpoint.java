package dev.symmetric.replication.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ChangesResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.core.Revision;
import dev.symmetric.core.RevsDiff;
import dev.symmetric.core.SymmetricException;
import dev.symmetric.replication.spi.ChangesBatch;
import dev.symmetric.replication.spi.ChangesQuery;
import dev.symmetric.replication.spi.DocRev;
import dev.symmetric.replication.spi.Endpoint;
import dev.symmetric.replication.spi.EndpointException;
import dev.symmetric.replication.spi.EndpointInfo;
import dev.symmetric.replication.spi.Scheduler;
import dev.symmetric.replication.spi.WriteFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A database of this process. Store calls block, so each runs on the executor and the caller gets a
 * future; a caught-up changes wait registers with {@link Database#awaitChangeAfter} and holds no
 * thread. When the executor is a {@link Scheduler}, the wait is timed by it too.
 */
public final class LocalEndpoint implements Endpoint {
  private static final String LOCAL_PREFIX = "_local/";

  private static volatile Executor shared;

  private final Database db;
  private final String serverUuid;
  private final Executor executor;

  public LocalEndpoint(Database db, String serverUuid, Executor executor) {
    this.db = db;
    this.serverUuid = serverUuid;
    this.executor = executor;
  }

  /** Four daemon threads with a bounded queue; a full queue fails the call (transiently). */
  public static Executor sharedExecutor() {
    Executor e = shared;
    if (e == null) {
      synchronized (LocalEndpoint.class) {
        if (shared == null) {
          AtomicInteger n = new AtomicInteger();
          ThreadPoolExecutor pool =
              new ThreadPoolExecutor(
                  4,
                  4,
                  30,
                  TimeUnit.SECONDS,
                  new ArrayBlockingQueue<>(4_096),
                  r -> {
                    Thread t = new Thread(r, "symmetric-local-endpoint-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  });
          pool.allowCoreThreadTimeOut(true);
          shared = pool;
        }
        e = shared;
      }
    }
    return e;
  }

  @Override
  public String id() {
    return "local:" + serverUuid + "/" + db.name();
  }

  @Override
  public CompletableFuture<EndpointInfo> info() {
    return call(
        () -> {
          var i = db.info();
          return new EndpointInfo(
              serverUuid, LongNode.valueOf(i.updateSeq()), Long.toString(i.instanceStartTime()));
        });
  }

  @Override
  public CompletableFuture<Void> createDatabase() {
    // The database object exists; there is nothing to create.
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Optional<ObjectNode>> getLocal(String id) {
    return call(
        () -> {
          try {
            return Optional.of(db.getLocal(LOCAL_PREFIX + id));
          } catch (NotFoundException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public CompletableFuture<Void> putLocal(String id, ObjectNode doc) {
    return call(
        () -> {
          db.putLocal(LOCAL_PREFIX + id, doc.deepCopy());
          return null;
        });
  }

  @Override
  public CompletableFuture<ChangesBatch> changes(ChangesQuery query) {
    long since;
    try {
      since = seq(query.since());
    } catch (EndpointException e) {
      return CompletableFuture.failedFuture(e);
    }
    ChangesRequest request =
        ChangesRequest.since(since)
            .withLimit(query.limit())
            .withAllLeaves(true)
            .withDocIds(query.docIds());
    CompletableFuture<ChangesBatch> now = call(() -> batch(db.changes(request)));
    if (query.waitMillis() <= 0) {
      return now;
    }
    CompletableFuture<ChangesBatch> result = new CompletableFuture<>();
    now.whenComplete(
        (batch, e) -> {
          if (e != null) {
            result.completeExceptionally(e);
          } else if (!batch.rows().isEmpty()) {
            result.complete(batch);
          } else {
            awaitThenRead(request, batch, query.waitMillis(), result);
          }
        });
    return result;
  }

  /** Waits (without a thread) for a commit past the feed's position, then reads once more. */
  private void awaitThenRead(
      ChangesRequest request,
      ChangesBatch empty,
      long waitMillis,
      CompletableFuture<ChangesBatch> result) {
    long position = empty.lastSeq().asLong(request.since());
    CompletableFuture<Long> wake;
    try {
      wake = db.awaitChangeAfter(Math.max(position, request.since()));
    } catch (RuntimeException e) {
      result.completeExceptionally(translate(e));
      return;
    }
    // Whoever gives up on the result (stop, timeout) deregisters the waiter.
    result.whenComplete(
        (b, e) -> {
          if (e instanceof CancellationException) {
            wake.cancel(false);
          }
        });
    timeOut(wake, waitMillis)
        .whenComplete(
            (seq, e) -> {
              if (result.isDone()) {
                return;
              }
              if (e != null || seq == null || seq < 0) {
                if (e == null || e instanceof CancellationException) {
                  result.complete(empty);
                } else {
                  result.completeExceptionally(translate(e));
                }
                wake.cancel(false);
                return;
              }
              call(() -> batch(db.changes(request)))
                  .whenComplete(
                      (b, err) -> {
                        if (err != null) {
                          result.completeExceptionally(err);
                        } else {
                          result.complete(b);
                        }
                      });
            });
  }

  /**
   * Completes {@code wake} with -1 after {@code millis}. An executor that is a {@link Scheduler}
   * times it, so a simulation on virtual time wakes the wait on its own thread; otherwise the JDK
   * timer does.
   */
  private CompletableFuture<Long> timeOut(CompletableFuture<Long> wake, long millis) {
    if (executor instanceof Scheduler s) {
      Scheduler.Cancellable timer = s.schedule(millis, () -> wake.complete(-1L));
      wake.whenComplete((v, e) -> timer.cancel());
      return wake;
    }
    return wake.completeOnTimeout(-1L, millis, TimeUnit.MILLISECONDS);
  }

  private static ChangesBatch batch(ChangesResult r) {
    List<ChangesBatch.ChangeRow> rows = new ArrayList<>(r.results().size());
    for (Change c : r.results()) {
      List<String> revs = new ArrayList<>(c.revs().size());
      c.revs().forEach(rev -> revs.add(rev.toString()));
      rows.add(new ChangesBatch.ChangeRow(LongNode.valueOf(c.seq()), c.id(), revs, c.deleted()));
    }
    return new ChangesBatch(rows, LongNode.valueOf(r.lastSeq()), r.pending());
  }

  private static long seq(JsonNode since) {
    if (since == null || since.isNull() || since.isMissingNode()) {
      return 0;
    }
    if (since.canConvertToLong() && since.isIntegralNumber()) {
      return since.longValue();
    }
    if (since.isTextual()) {
      try {
        return Long.parseLong(since.textValue());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new EndpointException(400, "bad_request: not a sequence of this database: " + since);
  }

  @Override
  public CompletableFuture<Map<String, List<String>>> revsDiff(Map<String, List<String>> revs) {
    return call(
        () -> {
          Map<String, List<Revision>> asked = new LinkedHashMap<>();
          revs.forEach((id, list) -> asked.put(id, list.stream().map(Revision::parse).toList()));
          Map<String, List<String>> out = new LinkedHashMap<>();
          for (Map.Entry<String, RevsDiff> e : db.revsDiff(asked).entrySet()) {
            if (!e.getValue().missing().isEmpty()) {
              out.put(e.getKey(), e.getValue().missing().stream().map(Revision::toString).toList());
            }
          }
          return out;
        });
  }

  @Override
  public CompletableFuture<List<ObjectNode>> fetch(List<DocRev> wanted) {
    return call(
        () -> {
          Map<String, List<Revision>> byId = new LinkedHashMap<>();
          for (DocRev w : wanted) {
            byId.computeIfAbsent(w.id(), k -> new ArrayList<>()).add(Revision.parse(w.rev()));
          }
          List<ObjectNode> docs = new ArrayList<>(wanted.size());
          for (Map.Entry<String, List<Revision>> e : byId.entrySet()) {
            Set<Revision> seen = new HashSet<>();
            for (OpenRevResult r : db.openRevs(e.getKey(), e.getValue(), true, true)) {
              if (r.isOk() && seen.add(r.doc().rev())) {
                docs.add(r.doc().toJson());
              }
            }
          }
          return docs;
        });
  }

  /**
   * The documents are the caller's to give away (the replicator never touches them again), so they
   * are written as they are, not copied. The write holds the executor thread through its commit:
   * under a simulated scheduler everything then happens on the scheduler's own thread.
   */
  @Override
  public CompletableFuture<List<WriteFailure>> writeReplicated(List<ObjectNode> docs) {
    return call(
        () -> {
          List<BulkResult> results = db.bulkDocs(docs, false);
          List<WriteFailure> failures = new ArrayList<>();
          for (int i = 0; i < results.size(); i++) {
            BulkResult r = results.get(i);
            if (!r.isOk()) {
              ObjectNode d = docs.get(i);
              failures.add(
                  new WriteFailure(
                      r.id(), d.path("_rev").asText(null), r.error().error(), r.error().reason()));
            }
          }
          return failures;
        });
  }

  @Override
  public CompletableFuture<Void> ensureFullCommit() {
    // Every acknowledged write of the store is as durable as the store was configured to make it.
    return CompletableFuture.completedFuture(null);
  }

  private <T> CompletableFuture<T> call(Supplier<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              f.complete(work.get());
            } catch (RuntimeException e) {
              f.completeExceptionally(translate(e));
            }
          });
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new EndpointException(503, "local endpoint busy: " + e, e));
    }
    return f;
  }

  private static Throwable translate(Throwable e) {
    if (e instanceof EndpointException) {
      return e;
    }
    if (e instanceof SymmetricException s) {
      return new EndpointException(s.status(), s.error() + ": " + s.reason(), s);
    }
    return new EndpointException(500, "local database failed: " + e, e);
  }

  @Override
  public String toString() {
    return id();
  }
}
