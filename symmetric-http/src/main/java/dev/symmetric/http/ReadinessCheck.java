package dev.symmetric.http;

/**
 * One module's say in whether the node is ready, e.g. replication reporting {@link
 * ReadinessStatus#CATCHING_UP}. Called on every {@code /_up} request, so it must be cheap.
 */
@FunctionalInterface
public interface ReadinessCheck {
  ReadinessStatus status();
}
