package dev.symmetric.replication.internal;

import dev.symmetric.replication.spi.EndpointException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The shared HTTP client behind {@code PeerClient}: credentials, timeouts, error mapping. */
public final class HttpPeer {
  private final HttpClient client;
  private final ExecutorService ownExecutor;
  private final String secret;
  private final String basicAuth;
  private final long requestTimeoutMillis;
  private volatile boolean closed;

  public HttpPeer(
      String secret,
      String user,
      String password,
      long connectTimeoutMillis,
      long requestTimeoutMillis,
      Executor executor) {
    this.secret = secret;
    this.basicAuth = user == null ? null : basic(user, password);
    this.requestTimeoutMillis = requestTimeoutMillis;
    Executor exec = executor;
    if (exec == null) {
      AtomicInteger n = new AtomicInteger();
      ownExecutor =
          new ThreadPoolExecutor(
              4,
              4,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "symmetric-peer-client-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      ((ThreadPoolExecutor) ownExecutor).allowCoreThreadTimeOut(true);
      exec = ownExecutor;
    } else {
      ownExecutor = null;
    }
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(connectTimeoutMillis))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(exec)
            .build();
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends {@code request} with the credentials; the whole exchange must finish within the request
   * timeout plus {@code extraMillis} (a longpoll's own wait). Fails with {@link EndpointException}
   * status 0 when the peer cannot be reached or answers too slowly; HTTP errors are left to the
   * caller.
   */
  CompletableFuture<HttpResponse<byte[]>> send(
      HttpRequest.Builder request, String authOverride, long extraMillis) {
    if (closed) {
      return CompletableFuture.failedFuture(new EndpointException(0, "the peer client is closed"));
    }
    long deadline = requestTimeoutMillis + extraMillis;
    request.timeout(Duration.ofMillis(deadline));
    request.header("Accept", "application/json");
    if (secret != null) {
      request.header("X-Symmetric-Secret", secret);
    }
    String auth = authOverride != null ? authOverride : basicAuth;
    if (auth != null) {
      request.header("Authorization", auth);
    }
    HttpRequest built = request.build();
    CompletableFuture<HttpResponse<byte[]>> sent;
    try {
      sent = client.sendAsync(built, HttpResponse.BodyHandlers.ofByteArray());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(unreachable(built, e));
    }
    CompletableFuture<HttpResponse<byte[]>> out = new CompletableFuture<>();
    sent.whenComplete(
        (r, e) -> {
          if (e != null) {
            out.completeExceptionally(unreachable(built, e));
          } else {
            out.complete(r);
          }
        });
    // The client's own timeout covers the headers only; this bounds the body too.
    out.orTimeout(deadline + 1_000, TimeUnit.MILLISECONDS)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                sent.cancel(true);
              }
            });
    CompletableFuture<HttpResponse<byte[]>> result =
        out.handle(
            (r, e) -> {
              if (e == null) {
                return r;
              }
              Throwable c =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              if (c instanceof TimeoutException) {
                throw new EndpointException(
                    0,
                    built.method() + " " + built.uri() + " timed out after " + deadline + " ms",
                    c);
              }
              throw c instanceof EndpointException ee
                  ? ee
                  : new EndpointException(0, c.toString(), c);
            });
    return cancelling(result, sent);
  }

  /**
   * {@code derived}, which when cancelled (a stopped replication's longpoll) also cancels {@code
   * upstream}, so the exchange is aborted instead of holding a connection until its timeout.
   */
  static <T> CompletableFuture<T> cancelling(
      CompletableFuture<T> derived, CompletableFuture<?> upstream) {
    derived.whenComplete(
        (v, e) -> {
          if (derived.isCancelled()) {
            upstream.cancel(true);
          }
        });
    return derived;
  }

  private static EndpointException unreachable(HttpRequest req, Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return new EndpointException(0, req.method() + " " + req.uri() + " failed: " + c, c);
  }

  public void close() {
    closed = true;
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
  }
}
