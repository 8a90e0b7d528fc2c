package dev.symmetric.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * An embedded HTTP/1.1 server. Build one with {@link #builder()}, then {@link #start()} it; {@link
 * #close()} stops it. Every server also answers the operational endpoints {@code /_up}, {@code
 * /_node}, {@code /_node/drain} and {@code /_metrics} unless they were turned off.
 */
public interface HttpServer extends AutoCloseable {

  static HttpServerBuilder builder() {
    return new HttpServerBuilder();
  }

  /** Binds and returns once the server is listening. May be called once. */
  HttpServer start();

  /** The bound port; useful after asking for port 0. Throws if not started. */
  int port();

  String nodeId();

  Readiness readiness();

  /** The registry behind {@code /_metrics}, for other modules' meters. */
  MeterRegistry meterRegistry();

  /** Adds a field to the {@code GET /_node} body, computed on each request. */
  void nodeInfo(String field, Supplier<?> value);

  /**
   * Stops being ready, waits (bounded by the drain timeout) for in-flight requests, closes the
   * server and then runs the {@code onDrained} hook given to the builder. Blocks until done.
   */
  void drain();

  /**
   * Registers a JVM shutdown hook (run on SIGTERM) that {@link #drain() drains} this server, and
   * returns it so the caller can remove it again with {@link Runtime#removeShutdownHook(Thread)}.
   */
  Thread drainOnJvmShutdown();

  /**
   * Stops accepting, waits (bounded) for in-flight requests, then frees every thread. Idempotent.
   */
  @Override
  void close();
}
