package dev.symmetric.http;

/**
 * The body of a streamed (chunked) response, for feeds that outlive one write such as a continuous
 * changes feed or an event source. Safe to use from any thread. Writes are buffered until {@link
 * #flush()}; a writer that runs ahead of a slow client blocks, up to a bound, instead of buffering
 * without limit.
 */
public interface ResponseStream extends AutoCloseable {

  /** Appends UTF-8 text. Throws {@link StreamClosedException} once the client is gone. */
  void write(String text);

  /** Appends bytes. Throws {@link StreamClosedException} once the client is gone. */
  void write(byte[] bytes);

  /** Sends what was written so far. */
  void flush();

  /** Ends the response; idempotent. */
  @Override
  void close();

  /** False once the stream was closed or the client disconnected. */
  boolean isOpen();

  /** Runs {@code action} once when the client disconnects before {@link #close()}. */
  void onDisconnect(Runnable action);

  /**
   * Runs {@code action} once when the server drains and long-lived responses must end (at once if
   * they already must): a feed should then end the way it ends at its own timeout, so its client
   * reconnects, to another node behind the balancer. Streams of a server that never drains never
   * run it.
   */
  default void onDrain(Runnable action) {}
}
