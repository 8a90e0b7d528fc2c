package dev.symmetric.http.internal;

import dev.symmetric.http.Filter;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** One line per answered request on the {@code dev.symmetric.http.access} logger. */
final class AccessLogFilter implements Filter {
  private final AccessLog log;

  AccessLogFilter(AccessLog log) {
    this.log = log;
  }

  @Override
  public CompletionStage<Response> filter(Request request, Next next) {
    long startNanos = System.nanoTime();
    return next.handle(request)
        .thenApply(
            response -> {
              if (log.enabled()) {
                log.log(
                    request.requestId(),
                    request.remoteAddress(),
                    request.method(),
                    request.rawPath(),
                    response.status(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
              }
              return response;
            });
  }
}
