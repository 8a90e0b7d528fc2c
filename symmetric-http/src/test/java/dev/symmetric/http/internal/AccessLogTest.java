package dev.symmetric.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class AccessLogTest {

  /** Keeps each line with the MDC it was written under; can hold the writer back. */
  static final class CapturingLogger extends LegacyAbstractLogger {
    final List<String> lines = new ArrayList<>();
    final List<Map<String, String>> mdcs = new ArrayList<>();
    final List<String> threads = new ArrayList<>();
    volatile CountDownLatch gate = new CountDownLatch(0);
    final CountDownLatch writerEntered = new CountDownLatch(1);

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      try {
        if (Thread.currentThread().getName().equals("symmetric-http-access-log")) {
          writerEntered.countDown();
          gate.await(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        lines.add(MessageFormatter.basicArrayFormat(pattern, args));
        mdcs.add(
            Map.of(
                "node", String.valueOf(org.slf4j.MDC.get(Mdc.NODE)),
                "requestId", String.valueOf(org.slf4j.MDC.get(Mdc.REQUEST_ID))));
        threads.add(Thread.currentThread().getName());
      }
    }

    synchronized List<String> lines() {
      return new ArrayList<>(lines);
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return false;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return true;
    }
  }

  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

  @Test
  void closeWritesEveryQueuedLineInOrderOnTheWriterThread() {
    CapturingLogger logger = new CapturingLogger();
    AccessLog log = new AccessLog(logger, "n1");
    for (int i = 0; i < 1_000; i++) {
      log.log("req-" + i, CLIENT, "GET", "/db/doc-" + i, 200, 3);
    }
    log.close();
    List<String> lines = logger.lines();
    assertThat(lines).hasSize(1_000);
    assertThat(lines.get(0)).isEqualTo("127.0.0.1 GET /db/doc-0 200 3ms");
    assertThat(lines.get(999)).isEqualTo("127.0.0.1 GET /db/doc-999 200 3ms");
    assertThat(logger.mdcs.get(7)).containsEntry("node", "n1").containsEntry("requestId", "req-7");
    assertThat(logger.threads).containsOnly("symmetric-http-access-log");
  }

  @Test
  void aFullQueueMakesTheCallerWriteInsteadOfDroppingLines() throws InterruptedException {
    CapturingLogger logger = new CapturingLogger();
    logger.gate = new CountDownLatch(1); // the writer blocks in its first line
    AccessLog log = new AccessLog(logger, "n1");
    log.log("first", null, "PUT", "/db/x", 201, 1);
    assertThat(logger.writerEntered.await(10, TimeUnit.SECONDS)).isTrue();
    int more = AccessLog.QUEUE_MAX + 50;
    for (int i = 0; i < more; i++) {
      log.log("req-" + i, null, "PUT", "/db/x", 201, 1);
    }
    // The queue holds QUEUE_MAX lines; the 50 beyond were written by this thread at once.
    assertThat(logger.lines()).hasSize(50);
    assertThat(logger.threads).containsOnly(Thread.currentThread().getName());
    logger.gate.countDown();
    log.close();
    assertThat(logger.lines()).hasSize(more + 1).allMatch(l -> l.equals("- PUT /db/x 201 1ms"));
    assertThat(logger.threads).contains("symmetric-http-access-log");
  }

  @Test
  void linesAfterCloseAreWrittenByTheirCaller() {
    CapturingLogger logger = new CapturingLogger();
    AccessLog log = new AccessLog(logger, "n1");
    log.close();
    log.log("late", CLIENT, "GET", "/_up", 200, 0);
    assertThat(logger.lines()).containsExactly("127.0.0.1 GET /_up 200 0ms");
    assertThat(logger.mdcs.get(0)).containsEntry("requestId", "late");
  }
}
