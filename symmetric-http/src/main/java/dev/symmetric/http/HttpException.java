package dev.symmetric.http;

import dev.symmetric.core.SymmetricException;

/**
 * An error a handler or filter throws to answer with a given status and a JSON body {@code
 * {"error": error, "reason": reason}}.
 */
public class HttpException extends SymmetricException {
  private static final long serialVersionUID = 1L;

  public HttpException(int status, String error, String reason) {
    super(status, error, reason);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an HTTP error status is 400..599, got " + status);
    }
  }

  public static HttpException badRequest(String reason) {
    return new HttpException(400, "bad_request", reason);
  }

  public static HttpException notFound(String reason) {
    return new HttpException(404, "not_found", reason);
  }
}
