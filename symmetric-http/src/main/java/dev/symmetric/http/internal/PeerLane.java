package dev.symmetric.http.internal;

import dev.symmetric.http.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of its own for cluster peers' replication requests: {@code _changes}, {@code
 * _revs_diff}, {@code _bulk_get}, {@code _bulk_docs} with {@code new_edits=false}, {@code _local}
 * checkpoints and the database's info, sent with the cluster secret. Client requests fill the main
 * worker queue under write load; on their own lane the peers' pulls keep moving, so replicas stay
 * close behind instead of waiting in the same queue as the writes they are to copy.
 */
final class PeerLane implements AutoCloseable {
  /** Threads of the lane; the replication routes are short reads and group-committed writes. */
  static final int THREADS = 2;

  /** Peer requests waiting for a lane thread; beyond this they are answered 503. */
  static final int QUEUE_MAX = 256;

  private static final List<String> READ_SUFFIXES =
      List.of("/{db}/_changes", "/{db}/_revs_diff", "/{db}/_bulk_get");
  private static final String BULK_DOCS = "/{db}/_bulk_docs";
  private static final String LOCAL = "/{db}/_local/{docid}";
  private static final String DB_INFO = "/{db}";

  private final ThreadPoolExecutor pool;
  private final Authenticator authenticator;

  PeerLane(Authenticator authenticator) {
    this.authenticator = authenticator;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_MAX),
            r -> {
              Thread t = new Thread(r, "symmetric-http-peer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  /** The lane's executor. */
  Executor executor() {
    return pool;
  }

  /**
   * Whether {@code request}, already routed, is a replication request of a peer holding the cluster
   * secret. The secret is checked here (one SHA-256) so a wrong one never reaches the lane; the
   * route's own auth filter still runs on it.
   */
  boolean accepts(DefaultRequest request) {
    if (request.header(Authenticator.SECRET_HEADER).isEmpty() || request.match() == null) {
      return false;
    }
    RouteSpec route = request.match().route();
    if (!isReplicationRoute(route.method(), route.pattern().template(), request.body())) {
      return false;
    }
    try {
      Optional<Principal> who = authenticator.authenticate(request);
      return who.isPresent() && who.get().peer();
    } catch (Authenticator.BadCredentials e) {
      return false;
    }
  }

  static boolean isReplicationRoute(String method, String template, byte[] body) {
    for (String suffix : READ_SUFFIXES) {
      if (template.endsWith(suffix)) {
        return true;
      }
    }
    if (template.endsWith(DB_INFO)) {
      // A replication's first call, and its first again after every failure.
      return method.equals("GET");
    }
    if (template.endsWith(LOCAL)) {
      return method.equals("GET") || method.equals("PUT");
    }
    return template.endsWith(BULK_DOCS) && method.equals("POST") && replicatedEdits(body);
  }

  /** Whether a {@code _bulk_docs} body says {@code "new_edits": false}, read without parsing it. */
  static boolean replicatedEdits(byte[] body) {
    byte[] key = {'"', 'n', 'e', 'w', '_', 'e', 'd', 'i', 't', 's', '"'};
    outer:
    for (int i = 0; i + key.length <= body.length; i++) {
      for (int k = 0; k < key.length; k++) {
        if (body[i + k] != key[k]) {
          continue outer;
        }
      }
      int j = skipSpace(body, i + key.length);
      if (j >= body.length || body[j] != ':') {
        continue;
      }
      j = skipSpace(body, j + 1);
      return j + 5 <= body.length
          && body[j] == 'f'
          && body[j + 1] == 'a'
          && body[j + 2] == 'l'
          && body[j + 3] == 's'
          && body[j + 4] == 'e';
    }
    return false;
  }

  private static int skipSpace(byte[] b, int from) {
    int j = from;
    while (j < b.length && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r')) {
      j++;
    }
    return j;
  }

  /** Stops the lane's threads once they are idle, waiting at most {@code millis}. */
  void shutdown(long millis) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
