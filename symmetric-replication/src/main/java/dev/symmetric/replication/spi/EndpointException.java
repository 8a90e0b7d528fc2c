package dev.symmetric.replication.spi;

/**
 * A call to an endpoint failed. {@link #status()} is the HTTP status when the endpoint answered (0
 * when it could not be reached), so the replicator can tell a missing database (404) or bad
 * credentials (401/403) from a peer that is away and worth retrying.
 */
public class EndpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public EndpointException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public EndpointException(int status, String message) {
    this(status, message, null);
  }

  public int status() {
    return status;
  }

  /** Whether trying again later may succeed: unreachable, timeouts, 5xx, 408 and 429. */
  public boolean isTransient() {
    return status == 0 || status >= 500 || status == 408 || status == 429;
  }
}
