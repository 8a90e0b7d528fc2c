package dev.symmetric.http.internal;

import dev.symmetric.http.Filter;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Links filters into one {@link Filter.Next}; a throw anywhere becomes a failed stage. */
public final class FilterChain {
  private FilterChain() {}

  public static Filter.Next of(List<Filter> filters, Filter.Next terminal) {
    Filter.Next next = guard(terminal);
    for (int i = filters.size() - 1; i >= 0; i--) {
      Filter filter = filters.get(i);
      Filter.Next rest = next;
      next = guard(request -> invoke(filter, request, rest));
    }
    return next;
  }

  private static CompletionStage<Response> invoke(
      Filter filter, Request request, Filter.Next rest) {
    try {
      CompletionStage<Response> stage = filter.filter(request, rest);
      if (stage == null) {
        throw new IllegalStateException(filter.getClass().getName() + " returned null");
      }
      return stage;
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static Filter.Next guard(Filter.Next next) {
    return request -> {
      try {
        return next.handle(request);
      } catch (RuntimeException | Error e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }
}
