package dev.symmetric.http.spi;

/**
 * A part of a node that starts and stops with it, such as replication or the job scheduler. A
 * component is handed to {@code SymmetricNode.Builder.component(..)}; the node calls {@link
 * #configure} before its HTTP server is built, {@link #start} once the store is open and the server
 * listens, and {@link #close} in reverse order of start when the node stops.
 */
public interface NodeComponent extends AutoCloseable {

  /** A short name for logs and {@code /_node}. */
  String name();

  /** Adds routes, readiness checks and node information before the server is built. */
  default void configure(NodeSetup setup) {}

  /** Starts the component; the node is not ready until every component started. */
  void start(NodeContext context) throws Exception;

  /** Stops the component and frees its resources. Must not throw for an ordinary stop. */
  @Override
  void close();
}
