package dev.symmetric.http.internal;

import dev.symmetric.http.Request;
import org.slf4j.MDC;

/** The MDC keys every log line about a request carries. */
final class Mdc {
  static final String NODE = "node";
  static final String REQUEST_ID = "requestId";

  private Mdc() {}

  static void set(String nodeId, Request request) {
    set(nodeId, request.requestId());
  }

  static void set(String nodeId, String requestId) {
    MDC.put(NODE, nodeId);
    MDC.put(REQUEST_ID, requestId);
  }

  static void clear() {
    MDC.remove(NODE);
    MDC.remove(REQUEST_ID);
  }
}
