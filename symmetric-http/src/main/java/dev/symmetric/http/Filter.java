package dev.symmetric.http;

import java.util.concurrent.CompletionStage;

/**
 * A link in the chain every request passes through before its handler: authentication, logging,
 * metrics. A filter either answers itself or calls {@code next.handle(request)} and may adapt the
 * response it gets back.
 */
@FunctionalInterface
public interface Filter {
  CompletionStage<Response> filter(Request request, Next next) throws Exception;

  /** The rest of the chain, ending in the route's handler. */
  @FunctionalInterface
  interface Next {
    CompletionStage<Response> handle(Request request);
  }
}
