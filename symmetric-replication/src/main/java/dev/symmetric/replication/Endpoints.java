package dev.symmetric.replication;

import dev.symmetric.core.Database;
import dev.symmetric.replication.internal.LocalEndpoint;
import dev.symmetric.replication.internal.RemoteEndpoint;
import dev.symmetric.replication.spi.Endpoint;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.Executor;

/** The endpoints that ship with Symmetric: a local database and a remote database URL. */
public final class Endpoints {
  private Endpoints() {}

  /**
   * A database of this process, spoken to directly (no HTTP). Store calls run on a small shared
   * pool of daemon threads.
   *
   * @param serverUuid the store's uuid ({@code DocumentStore.uuid()}), the server part of the id
   */
  public static Endpoint local(Database db, String serverUuid) {
    return local(db, serverUuid, LocalEndpoint.sharedExecutor());
  }

  /** {@link #local(Database, String)} with store calls on {@code executor}. */
  public static Endpoint local(Database db, String serverUuid, Executor executor) {
    return new LocalEndpoint(
        Objects.requireNonNull(db, "db"),
        Objects.requireNonNull(serverUuid, "serverUuid"),
        Objects.requireNonNull(executor, "executor"));
  }

  /**
   * A database behind a URL: a symmetric node ({@code http://host:port/db/orders}), CouchDB ({@code
   * http://host:5984/orders}) or pouchdb-server. Credentials in the URL ({@code
   * http://user:pass@host/...}) are sent as HTTP basic authentication and never appear in the
   * endpoint's id.
   */
  public static Endpoint remote(URI databaseUrl, PeerClient client) {
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    Objects.requireNonNull(client, "client");
    String scheme = databaseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("a database URL is http:// or https://: " + databaseUrl);
    }
    String path = databaseUrl.getRawPath();
    if (path == null || path.replaceAll("/+$", "").isEmpty()) {
      throw new IllegalArgumentException("the URL names no database: " + databaseUrl);
    }
    return new RemoteEndpoint(databaseUrl, client.peer());
  }
}
