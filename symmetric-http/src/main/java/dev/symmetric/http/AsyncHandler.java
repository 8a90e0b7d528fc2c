package dev.symmetric.http;

import java.util.concurrent.CompletionStage;

/**
 * Answers one request on the connection's I/O thread and must never block there: it starts the work
 * and returns a stage that completes with anything a {@link Handler} may return.
 */
@FunctionalInterface
public interface AsyncHandler {
  CompletionStage<?> handle(Request request) throws Exception;
}
