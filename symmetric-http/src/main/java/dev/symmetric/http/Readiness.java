package dev.symmetric.http;

import java.util.Map;

/**
 * The node's readiness: a composite of named checks. The node is ready when it has started, is not
 * draining, and every check reports {@link ReadinessStatus#READY}; otherwise the first check (in
 * registration order) that is not ready decides the status.
 */
public interface Readiness {

  /** Adds or replaces the check called {@code name}. */
  void add(String name, ReadinessCheck check);

  void remove(String name);

  ReadinessStatus status();

  /** Each check's current status, in registration order. */
  Map<String, ReadinessStatus> checks();
}
