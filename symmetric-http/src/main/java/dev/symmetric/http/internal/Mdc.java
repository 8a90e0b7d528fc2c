package dev.symmetric.http.internal;

import dev.symmetric.http.Request;
import org.slf4j.MDC;

/** The MDC keys every log line about a request carries. */
final class Mdc {
  static final String NODE = "node";
  static final String REQUEST_ID = "requestId";

  private Mdc() {}

  static void set(String nodeId, Request request) {
    MDC.put(NODE, nodeId);
    MDC.put(REQUEST_ID, request.requestId());
  }

  static void clear() {
    MDC.remove(NODE);
    MDC.remove(REQUEST_ID);
  }
}
