package dev.symmetric.http.internal;

/** Signals that a request body exceeded the limit; the connection answers 413 and closes. */
final class OversizedRequest {
  static final OversizedRequest INSTANCE = new OversizedRequest();

  private OversizedRequest() {}
}
