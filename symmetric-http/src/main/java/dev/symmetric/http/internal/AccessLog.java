package dev.symmetric.http.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code dev.symmetric.http.access} log, written by one background thread. Request threads only
 * queue a line: formatting it and the logging backend's locks and writes (a synchronized date
 * format and a flushed stream, with slf4j-simple) stay off the I/O and worker threads, where eight
 * threads contending for them cost more than the work itself. The queue is bounded; when it is full
 * the request thread writes its line itself, so no line is ever dropped.
 */
final class AccessLog implements AutoCloseable {
  static final String LOGGER_NAME = "dev.symmetric.http.access";
  static final int QUEUE_MAX = 16_384;
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  // While lines keep coming the writer sleeps this long between passes instead of being woken per
  // line: a wake-up per request costs the request threads more than the line itself.
  private static final long BATCH_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final Logger logger;
  private final String nodeId;
  private final ConcurrentLinkedQueue<Line> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Object lifecycle = new Object();
  private volatile Thread writer;
  private volatile boolean writerIdle;
  private volatile boolean closed;

  private record Line(
      String requestId,
      InetSocketAddress remote,
      String method,
      String rawPath,
      int status,
      long millis) {}

  AccessLog(String nodeId) {
    this(LoggerFactory.getLogger(LOGGER_NAME), nodeId);
  }

  AccessLog(Logger logger, String nodeId) {
    this.logger = logger;
    this.nodeId = nodeId;
  }

  boolean enabled() {
    return logger.isInfoEnabled();
  }

  /** Queues one line; written later, in order, with the request's MDC. */
  void log(
      String requestId,
      InetSocketAddress remote,
      String method,
      String rawPath,
      int status,
      long millis) {
    Line line = new Line(requestId, remote, method, rawPath, status, millis);
    Thread w = writer != null ? writer : startWriter();
    if (w == null || queued.incrementAndGet() > QUEUE_MAX) {
      if (w != null) {
        queued.decrementAndGet();
      }
      write(line); // closed, or the writer is behind: write here rather than drop or grow
      return;
    }
    queue.offer(line);
    if (closed) {
      drainQueue(); // the writer may have made its last pass before this line arrived
    } else if (writerIdle) {
      // Only a writer that found nothing to do is woken. It marks itself idle before its last
      // look at the queue, so this cannot miss it.
      LockSupport.unpark(w);
    }
  }

  private Thread startWriter() {
    synchronized (lifecycle) {
      if (closed) {
        return null;
      }
      if (writer == null) {
        Thread t = new Thread(this::drainLoop, "symmetric-http-access-log");
        t.setDaemon(true);
        t.start();
        writer = t;
      }
      return writer;
    }
  }

  private void drainLoop() {
    while (true) {
      int written = drainQueue();
      if (closed) {
        drainQueue();
        return;
      }
      if (written > 0) {
        LockSupport.parkNanos(this, BATCH_PARK_NANOS);
        continue;
      }
      writerIdle = true;
      if (queue.isEmpty() && !closed) {
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
      }
      writerIdle = false;
    }
  }

  private int drainQueue() {
    int written = 0;
    Line line;
    while ((line = queue.poll()) != null) {
      queued.decrementAndGet();
      write(line);
      written++;
    }
    return written;
  }

  private void write(Line line) {
    Mdc.set(nodeId, line.requestId());
    try {
      logger.info(
          "{} {} {} {} {}ms",
          line.remote() == null ? "-" : line.remote().getAddress().getHostAddress(),
          line.method(),
          line.rawPath(),
          line.status(),
          line.millis());
    } catch (RuntimeException e) {
      // A failing backend must not stop the writer (or fail the request that wrote here).
      LoggerFactory.getLogger(AccessLog.class).warn("access log line lost", e);
    } finally {
      Mdc.clear();
    }
  }

  /** Writes every queued line, then stops the writer; later lines are written by their caller. */
  @Override
  public void close() {
    Thread w;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      w = writer;
    }
    if (w == null) {
      return;
    }
    LockSupport.unpark(w);
    try {
      w.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
