package dev.symmetric.http;

/**
 * Answers one request on a worker thread, where blocking is allowed.
 *
 * <p>The return value becomes the response: a {@link Response} is sent as is, a {@link
 * java.util.concurrent.CompletionStage} is awaited without holding the worker, {@code null} is a
 * {@code 204 No Content}, and any other object is serialized as a JSON body with status 200.
 */
@FunctionalInterface
public interface Handler {
  Object handle(Request request) throws Exception;
}
