package dev.symmetric.http.internal;

import dev.symmetric.http.Filter;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per answered request on the {@code dev.symmetric.http.access} logger. */
final class AccessLogFilter implements Filter {
  private static final Logger ACCESS = LoggerFactory.getLogger("dev.symmetric.http.access");
  private final String nodeId;

  AccessLogFilter(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public CompletionStage<Response> filter(Request request, Next next) {
    long startNanos = System.nanoTime();
    return next.handle(request)
        .thenApply(
            response -> {
              if (ACCESS.isInfoEnabled()) {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                Mdc.set(nodeId, request);
                try {
                  ACCESS.info(
                      "{} {} {} {} {}ms",
                      request.remoteAddress() == null
                          ? "-"
                          : request.remoteAddress().getAddress().getHostAddress(),
                      request.method(),
                      request.rawPath(),
                      response.status(),
                      millis);
                } finally {
                  Mdc.clear();
                }
              }
              return response;
            });
  }
}
