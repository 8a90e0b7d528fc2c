package dev.symmetric.http.internal.db;

import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ChangesResult;
import dev.symmetric.core.Database;
import dev.symmetric.http.ResponseStream;
import dev.symmetric.http.StreamClosedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A changes feed that waits for changes: longpoll (one answer once something changed), continuous
 * (a line per change) or eventsource (an event per change). It holds no thread while waiting: the
 * database's commit wakes it, a timer sends heartbeats and ends it at its deadline.
 */
final class ChangesFeed {
  private static final Logger log = LoggerFactory.getLogger(ChangesFeed.class);

  enum Mode {
    LONGPOLL,
    CONTINUOUS,
    EVENTSOURCE
  }

  /** Rows read per wake-up, so one feed cannot hog the pool. */
  private static final int PAGE_ROWS = 500;

  private final Database db;
  private final ChangesRequest base;
  private final Mode mode;
  private final Feeds feeds;
  private final long heartbeatMillis;
  private final long waitMillis;

  private ResponseStream stream;
  private long lastSeq;
  private long remaining;
  private boolean done;
  private ScheduledFuture<?> heartbeat;
  private ScheduledFuture<?> deadline;
  private CompletableFuture<Long> waiting;

  ChangesFeed(
      Database db,
      ChangesRequest request,
      Mode mode,
      Feeds feeds,
      long heartbeatMillis,
      long waitMillis) {
    this.db = db;
    this.base = request;
    this.mode = mode;
    this.feeds = feeds;
    this.heartbeatMillis = heartbeatMillis;
    this.waitMillis = waitMillis;
    this.lastSeq = request.since();
    this.remaining = request.limit();
  }

  /** Starts the feed on {@code s}; returns at once. */
  synchronized void start(ResponseStream s) {
    this.stream = s;
    s.onDisconnect(this::finishQuietly);
    s.onDrain(this::timeOut);
    if (heartbeatMillis > 0) {
      heartbeat =
          feeds.timer.scheduleWithFixedDelay(
              this::beat, heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }
    deadline = feeds.timer.schedule(this::timeOut, waitMillis, TimeUnit.MILLISECONDS);
    submitPump();
  }

  private void submitPump() {
    try {
      feeds.workers.execute(this::pump);
    } catch (RejectedExecutionException e) {
      log.warn("Changes feed of {} ended: too many feeds waking at once", db.name());
      finishQuietly();
    }
  }

  private synchronized void pump() {
    if (done) {
      return;
    }
    try {
      ChangesResult page =
          db.changes(
              new ChangesRequest(
                  lastSeq,
                  (int) Math.min(remaining, PAGE_ROWS),
                  base.allLeaves(),
                  base.includeDocs(),
                  base.conflicts(),
                  base.docIds(),
                  base.filter(),
                  false));
      lastSeq = page.lastSeq();
      remaining -= page.results().size();
      if (mode == Mode.LONGPOLL) {
        if (!page.results().isEmpty()) {
          stream.write(ChangesResponses.normal(page));
          finish(false);
          return;
        }
      } else {
        for (Change c : page.results()) {
          writeRow(c);
        }
        if (!page.results().isEmpty()) {
          stream.flush();
        }
        if (remaining <= 0) {
          finish(true);
          return;
        }
        if (page.pending() > 0) {
          submitPump();
          return;
        }
      }
      waiting = db.awaitChangeAfter(lastSeq);
      waiting.whenComplete(
          (seq, err) -> {
            if (err == null) {
              submitPump();
            } else {
              finishQuietly();
            }
          });
    } catch (StreamClosedException e) {
      finishQuietly();
    } catch (RuntimeException e) {
      log.warn("Changes feed of {} failed", db.name(), e);
      finishQuietly();
    }
  }

  private void writeRow(Change c) {
    byte[] row = Jsons.changeLine(c);
    if (mode == Mode.EVENTSOURCE) {
      stream.write("data: ");
      stream.write(row);
      stream.write("\nid: " + c.seq() + "\n\n");
    } else {
      stream.write(row);
      stream.write("\n");
    }
  }

  private synchronized void beat() {
    if (done) {
      return;
    }
    try {
      stream.write(mode == Mode.EVENTSOURCE ? "event: heartbeat\ndata: \n\n" : "\n");
      stream.flush();
    } catch (RuntimeException e) {
      finishQuietly();
    }
  }

  private synchronized void timeOut() {
    if (done) {
      return;
    }
    try {
      if (mode == Mode.LONGPOLL) {
        stream.write(ChangesResponses.normal(new ChangesResult(java.util.List.of(), lastSeq, 0)));
      }
      finish(true);
    } catch (RuntimeException e) {
      finishQuietly();
    }
  }

  /** Ends the feed, writing the closing line continuous feeds end with. */
  private void finish(boolean trailer) {
    if (done) {
      return;
    }
    done = true;
    cancelTimers();
    try {
      if (trailer && mode == Mode.CONTINUOUS) {
        stream.write(lastSeqLine(lastSeq));
      }
      stream.close();
    } catch (RuntimeException e) {
      // The client is gone; nothing left to tell it.
    }
  }

  private synchronized void finishQuietly() {
    if (done) {
      return;
    }
    done = true;
    cancelTimers();
    try {
      stream.close();
    } catch (RuntimeException e) {
      // Closing a stream whose client left.
    }
  }

  private void cancelTimers() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    if (deadline != null) {
      deadline.cancel(false);
    }
    if (waiting != null) {
      waiting.cancel(false);
    }
  }

  static String lastSeqLine(long seq) {
    return "{\"last_seq\":" + seq + ",\"pending\":0}\n";
  }
}
