package dev.symmetric.http.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.Database;
import dev.symmetric.core.DatabaseInfo;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.Access;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/** Database-level routes: create, info, delete, compact, revs limit, full commit, POST a doc. */
final class DatabaseRoutes {
  private final DocumentStore store;
  private final Feeds feeds;

  DatabaseRoutes(DocumentStore store, Feeds feeds) {
    this.store = store;
    this.feeds = feeds;
  }

  void register(Routes r) {
    RouteOptions writes = RouteOptions.of(Access.AUTHENTICATED_WRITES);
    RouteOptions admin = RouteOptions.of(Access.ADMIN);
    r.put(
        "/{db}",
        writes,
        req -> {
          store.createDatabase(req.pathParam("db"));
          return Response.json(201, Map.of("ok", true)).withHeader("Location", req.rawPath());
        });
    r.get("/{db}", writes, req -> info(db(req)));
    r.delete(
        "/{db}",
        admin,
        req -> {
          store.deleteDatabase(req.pathParam("db"));
          return Map.of("ok", true);
        });
    r.post(
        "/{db}",
        writes.requireJsonBody(),
        req -> {
          Database db = db(req);
          return db.putAsync(null, Params.bodyObject(req))
              .thenApply(
                  w ->
                      Response.json(201, Jsons.ok(w.id(), w.rev()))
                          .withHeader("Location", req.rawPath() + "/" + w.id()));
        });
    r.post(
        "/{db}/_ensure_full_commit",
        writes,
        req -> {
          Database db = db(req);
          return Response.json(
              201,
              Map.of(
                  "ok", true, "instance_start_time", Long.toString(db.info().instanceStartTime())));
        });
    r.post(
        "/{db}/_compact",
        admin,
        req -> {
          Database db = db(req);
          try {
            feeds.workers.execute(db::compact);
          } catch (RejectedExecutionException e) {
            throw new dev.symmetric.http.HttpException(
                503, "service_unavailable", "busy, retry later");
          }
          return Response.json(202, Map.of("ok", true));
        });
    r.get("/{db}/_revs_limit", writes, req -> db(req).revsLimit());
    r.put(
        "/{db}/_revs_limit",
        admin,
        req -> {
          JsonNode n = req.bodyJsonTree();
          if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1) {
            throw new BadRequestException("revs_limit must be a positive integer");
          }
          db(req).revsLimit(n.intValue());
          return Map.of("ok", true);
        });
  }

  Database db(Request req) {
    return store.database(req.pathParam("db"));
  }

  static ObjectNode info(Database db) {
    DatabaseInfo i = db.info();
    ObjectNode o = Jsons.MAPPER.createObjectNode();
    o.put("db_name", i.name());
    o.put("doc_count", i.docCount());
    o.put("doc_del_count", i.docDelCount());
    o.put("update_seq", i.updateSeq());
    o.put("purge_seq", 0);
    o.put("compact_running", false);
    ObjectNode sizes = o.putObject("sizes");
    sizes.put("active", 0);
    sizes.put("external", 0);
    sizes.put("file", 0);
    o.put("instance_start_time", Long.toString(i.instanceStartTime()));
    o.put("disk_format_version", 8);
    o.put("committed_update_seq", i.updateSeq());
    o.putObject("props");
    return o;
  }
}
