package dev.symmetric.http.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ChangesResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.http.Access;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code GET/POST /{db}/_changes} in every feed CouchDB offers. */
final class ChangesRoutes {
  /** CouchDB's default heartbeat when {@code heartbeat=true}. */
  static final long DEFAULT_HEARTBEAT_MILLIS = 60_000;

  /** How long a longpoll or continuous feed waits by default, as CouchDB. */
  static final long DEFAULT_TIMEOUT_MILLIS = 60_000;

  private final DocumentStore store;
  private final DbSettings settings;
  private final Feeds feeds;

  ChangesRoutes(DocumentStore store, DbSettings settings, Feeds feeds) {
    this.store = store;
    this.settings = settings;
    this.feeds = feeds;
  }

  void register(Routes r) {
    RouteOptions reads = RouteOptions.of(Access.PUBLIC);
    r.get("/{db}/_changes", reads, req -> changes(req, null));
    // POST only reads; it carries doc_ids in its body.
    r.post(
        "/{db}/_changes",
        reads,
        req -> {
          ObjectNode body = req.body().length == 0 ? null : Params.bodyObject(req);
          JsonNode ids = body == null ? null : body.get("doc_ids");
          return changes(req, ids == null ? null : Params.stringList(ids, "doc_ids"));
        });
  }

  private Object changes(Request req, List<String> bodyDocIds) {
    Database db = store.database(req.pathParam("db"));
    String feed = req.queryParam("feed").orElse("normal");
    long since = since(req, db);
    Set<String> docIds = docIds(req, bodyDocIds);
    ChangesRequest request =
        new ChangesRequest(
            since,
            Params.nonNegativeInt(req, "limit", Integer.MAX_VALUE),
            style(req),
            Params.bool(req, "include_docs", false),
            Params.bool(req, "conflicts", false),
            docIds,
            null,
            Params.bool(req, "descending", false));
    long heartbeat = heartbeat(req);
    Optional<String> timeoutParam = req.queryParam("timeout");
    long timeout =
        timeoutParam.isPresent()
            ? Params.nonNegativeLong(req, "timeout", DEFAULT_TIMEOUT_MILLIS)
            : heartbeat > 0 ? settings.feedWaitMillisMax() : DEFAULT_TIMEOUT_MILLIS;
    long waitMillis = Math.max(0, Math.min(timeout, settings.feedWaitMillisMax()));
    switch (feed) {
      case "normal" -> {
        return Response.bytes(
            200, "application/json", ChangesResponses.normal(db.changes(request)));
      }
      case "longpoll" -> {
        ChangesResult now = db.changes(request);
        if (!now.results().isEmpty() || request.limit() == 0) {
          return Response.bytes(200, "application/json", ChangesResponses.normal(now));
        }
        ChangesFeed f =
            new ChangesFeed(db, request, ChangesFeed.Mode.LONGPOLL, feeds, heartbeat, waitMillis);
        return Response.stream(200, "application/json", f::start);
      }
      case "continuous" -> {
        ChangesFeed f =
            new ChangesFeed(db, request, ChangesFeed.Mode.CONTINUOUS, feeds, heartbeat, waitMillis);
        return Response.stream(200, "application/json", f::start);
      }
      case "eventsource" -> {
        ChangesFeed f =
            new ChangesFeed(
                db, request, ChangesFeed.Mode.EVENTSOURCE, feeds, heartbeat, waitMillis);
        return Response.stream(200, "text/event-stream", f::start)
            .withHeader("Cache-Control", "no-cache");
      }
      default ->
          throw Params.queryError(
              "Invalid feed: must be normal, longpoll, continuous or eventsource");
    }
  }

  private static long since(Request req, Database db) {
    Optional<String> s = req.queryParam("since");
    if (s.isEmpty()) {
      return 0;
    }
    String v = s.get().trim();
    if (v.equals("now")) {
      return db.updateSeq();
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw Params.queryError("since must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw Params.queryError("Invalid since: " + abbreviate(v));
    }
  }

  private static boolean style(Request req) {
    String style = req.queryParam("style").orElse("main_only");
    return switch (style) {
      case "main_only" -> false;
      case "all_docs" -> true;
      default -> throw Params.queryError("Invalid style: must be main_only or all_docs");
    };
  }

  private long heartbeat(Request req) {
    Optional<String> h = req.queryParam("heartbeat");
    if (h.isEmpty() || h.get().equals("false")) {
      return 0;
    }
    long ms =
        h.get().equals("true")
            ? DEFAULT_HEARTBEAT_MILLIS
            : Params.nonNegativeLong(req, "heartbeat", 0);
    return ms == 0 ? 0 : Math.max(ms, settings.heartbeatMillisMin());
  }

  private Set<String> docIds(Request req, List<String> bodyDocIds) {
    Optional<String> filter = req.queryParam("filter");
    List<String> ids = bodyDocIds;
    if (ids == null) {
      Optional<JsonNode> q = Params.json(req, "doc_ids");
      if (q.isPresent()) {
        ids = Params.stringList(q.get(), "doc_ids");
      }
    }
    if (filter.isPresent() && !filter.get().equals("_doc_ids")) {
      throw new BadRequestException(
          "Only the _doc_ids filter is supported; filter functions need a view server");
    }
    if (filter.isPresent() && ids == null) {
      throw new BadRequestException("filter=_doc_ids requires doc_ids");
    }
    if (ids != null && ids.size() > settings.bulkDocsMax()) {
      throw new BadRequestException("at most " + settings.bulkDocsMax() + " doc_ids");
    }
    return ids == null ? null : new HashSet<>(ids);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
