package dev.symmetric.http.spi;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.HttpServer;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** What a started {@link NodeComponent} can reach. */
public interface NodeContext {

  String nodeId();

  DocumentStore store();

  /** The node's running HTTP server. */
  HttpServer server();

  /** The URL other nodes reach this one at, e.g. {@code http://127.0.0.1:8080}. */
  URI baseUri();

  /** The base path of the database API, e.g. {@code /db}. */
  String databasePath();

  List<URI> peers();

  Optional<String> clusterSecret();
}
