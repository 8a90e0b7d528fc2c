package dev.symmetric.http.spi;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.HttpService;
import dev.symmetric.http.ReadinessCheck;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What a {@link NodeComponent} may add to a node before its HTTP server is built. */
public interface NodeSetup {

  String nodeId();

  /** The node's open store. */
  DocumentStore store();

  /** Peer URLs the node was started with (its seed list). */
  List<URI> peers();

  /** The cluster secret peers share, if one was configured. */
  Optional<String> clusterSecret();

  /** The base path of the database API, e.g. {@code /db}. */
  String databasePath();

  /** Mounts routes under {@code basePath}. */
  void service(String basePath, HttpService service);

  /** Adds a say in {@code /_up}, e.g. catching up with peers. */
  void readinessCheck(String name, ReadinessCheck check);

  /** Adds a field to {@code GET /_node}. */
  void nodeInfo(String field, Supplier<?> value);
}
