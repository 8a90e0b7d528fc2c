package dev.symmetric.http.internal.db;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.Routes;

/** Registers every route of the database API, most specific first. */
public final class DatabaseApiRoutes {
  private final ServerRoutes server;
  private final DatabaseRoutes databases;
  private final BulkRoutes bulk;
  private final ChangesRoutes changes;
  private final DocumentRoutes documents;
  private final AttachmentRoutes attachments;

  public DatabaseApiRoutes(DocumentStore store, DbSettings settings, Feeds feeds, String version) {
    this.server = new ServerRoutes(store, settings, version);
    this.databases = new DatabaseRoutes(store, feeds);
    this.bulk = new BulkRoutes(store, settings);
    this.changes = new ChangesRoutes(store, settings, feeds);
    this.documents = new DocumentRoutes(store);
    this.attachments = new AttachmentRoutes(store);
  }

  public void register(Routes r) {
    server.register(r);
    databases.register(r);
    bulk.register(r);
    changes.register(r);
    documents.register(r);
    attachments.register(r);
  }
}
