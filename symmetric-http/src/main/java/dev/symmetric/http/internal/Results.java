package dev.symmetric.http.internal;

import dev.symmetric.http.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Turns whatever a handler returned into a response, following nested stages. */
final class Results {
  private static final int MAX_NESTED_STAGES = 8;

  private Results() {}

  static CompletionStage<Response> toResponse(Object result) {
    return toResponse(result, 0);
  }

  private static CompletionStage<Response> toResponse(Object result, int depth) {
    if (result instanceof CompletionStage) {
      if (depth >= MAX_NESTED_STAGES) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("a handler returned stages nested too deep"));
      }
      return ((CompletionStage<?>) result).thenCompose(r -> toResponse(r, depth + 1));
    }
    if (result instanceof Response) {
      return CompletableFuture.completedFuture((Response) result);
    }
    if (result == null) {
      return CompletableFuture.completedFuture(Response.status(204));
    }
    return CompletableFuture.completedFuture(Response.json(result));
  }
}
