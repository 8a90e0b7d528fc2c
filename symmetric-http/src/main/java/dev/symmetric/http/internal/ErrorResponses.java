package dev.symmetric.http.internal;

import dev.symmetric.core.SymmetricException;
import dev.symmetric.http.Response;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps a failure to a JSON error response; only unexpected ones are logged with a stack. */
public final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  public static Response from(Throwable failure, String requestId) {
    Throwable t = unwrap(failure);
    if (t instanceof SymmetricException) {
      SymmetricException e = (SymmetricException) t;
      if (e.status() >= 500) {
        LOG.warn("request {} failed: {} {}", requestId, e.error(), e.reason(), e);
      } else {
        LOG.debug("request {} rejected: {} {}", requestId, e.status(), e.reason());
      }
      String reason = e.reason() == null ? e.error() : e.reason();
      return Response.error(e.status(), e.error(), reason);
    }
    LOG.error("request {} failed unexpectedly", requestId, t);
    return internalError(requestId);
  }

  static Response internalError(String requestId) {
    return Response.error(
        500, "internal_server_error", "unexpected error; the server log has request " + requestId);
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
