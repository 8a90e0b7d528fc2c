package dev.symmetric.http;

/**
 * Produces a streamed response body. It runs right after the handler returns, on the handler's
 * thread; it may write and close the stream there, or keep the stream and write from elsewhere.
 */
@FunctionalInterface
public interface StreamBody {
  void writeTo(ResponseStream stream) throws Exception;
}
