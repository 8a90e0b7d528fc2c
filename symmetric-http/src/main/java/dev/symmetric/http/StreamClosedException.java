package dev.symmetric.http;

/** Thrown by a {@link ResponseStream} write after the client went away or the stream closed. */
public class StreamClosedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StreamClosedException(String message) {
    super(message);
  }
}
