package dev.symmetric.http.internal.db;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.Routes;
import java.util.UUID;

/** The server root, {@code _all_dbs} and {@code _uuids}. */
final class ServerRoutes {
  /** The CouchDB API version these routes follow; clients read it to pick features. */
  static final String COUCHDB_VERSION = "3.3.3";

  private final DocumentStore store;
  private final DbSettings settings;
  private final String version;

  ServerRoutes(DocumentStore store, DbSettings settings, String version) {
    this.store = store;
    this.settings = settings;
    this.version = version;
  }

  void register(Routes r) {
    r.get("/", req -> welcome());
    r.get("/_all_dbs", req -> store.databaseNames());
    r.get(
        "/_uuids",
        req -> {
          int count = Params.nonNegativeInt(req, "count", 1);
          if (count > settings.uuidsMax()) {
            throw Params.queryError("count must be at most " + settings.uuidsMax());
          }
          ObjectNode out = Jsons.MAPPER.createObjectNode();
          ArrayNode uuids = out.putArray("uuids");
          for (int i = 0; i < count; i++) {
            uuids.add(UUID.randomUUID().toString().replace("-", ""));
          }
          return out;
        });
  }

  private ObjectNode welcome() {
    ObjectNode o = Jsons.MAPPER.createObjectNode();
    o.put("couchdb", "Welcome");
    o.put("version", COUCHDB_VERSION);
    o.put("uuid", store.uuid());
    ObjectNode vendor = o.putObject("vendor");
    vendor.put("name", "Symmetric");
    vendor.put("version", version);
    o.putArray("features");
    return o;
  }
}
