package dev.symmetric.http.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.core.Revision;
import dev.symmetric.core.WriteResult;
import dev.symmetric.http.Access;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One document: {@code GET/PUT/DELETE /{db}/{docid}}, design and local documents included. */
final class DocumentRoutes {
  private static final String JSON = "application/json";

  private final DocumentStore store;

  DocumentRoutes(DocumentStore store) {
    this.store = store;
  }

  void register(Routes r) {
    RouteOptions writes = RouteOptions.of(Access.AUTHENTICATED_WRITES);
    for (String prefix : List.of("", "_design/", "_local/")) {
      String path = prefix.isEmpty() ? "/{db}/{docid}" : "/{db}/" + prefix + "{docid}";
      r.get(path, writes, req -> get(req, prefix + req.pathParam("docid")));
      r.put(path, writes, req -> put(req, prefix + req.pathParam("docid")));
      r.delete(path, writes, req -> delete(req, prefix + req.pathParam("docid")));
    }
  }

  private Database db(Request req) {
    return store.database(req.pathParam("db"));
  }

  private Object get(Request req, String id) throws IOException {
    Database db = db(req);
    if (id.startsWith("_local/")) {
      return db.getLocal(id);
    }
    Optional<String> openRevs = req.queryParam("open_revs");
    boolean revs = Params.bool(req, "revs", false);
    boolean latest = Params.bool(req, "latest", false);
    if (openRevs.isPresent()) {
      List<Revision> wanted = null;
      if (!openRevs.get().equals("all")) {
        JsonNode arr = Params.json(req, "open_revs").orElseThrow();
        wanted = Params.revList(arr, "open_revs");
      }
      List<OpenRevResult> results = db.openRevs(id, wanted, latest, revs);
      try (Jsons.Out out = new Jsons.Out()) {
        out.gen.writeStartArray();
        for (OpenRevResult res : results) {
          out.gen.writeStartObject();
          if (res.isOk()) {
            out.gen.writeFieldName("ok");
            out.doc(res.doc());
          } else {
            out.gen.writeStringField("missing", res.missing().toString());
          }
          out.gen.writeEndObject();
        }
        out.gen.writeEndArray();
        return Response.bytes(200, JSON, out.toBytes());
      }
    }
    boolean meta = Params.bool(req, "meta", false);
    GetOptions options =
        GetOptions.defaults()
            .withRev(Params.rev(req, "rev").orElse(null))
            .withRevisions(revs)
            .withRevsInfo(meta || Params.bool(req, "revs_info", false))
            .withConflicts(meta || Params.bool(req, "conflicts", false))
            .withDeletedConflicts(meta || Params.bool(req, "deleted_conflicts", false))
            .withLatest(latest);
    Document doc = db.get(id, options);
    String etag = "\"" + doc.rev() + "\"";
    if (req.header("If-None-Match").map(etag::equals).orElse(false)) {
      return Response.status(304).withHeader("ETag", etag);
    }
    return Response.bytes(200, JSON, doc.toJsonBytes()).withHeader("ETag", etag);
  }

  private Object put(Request req, String id) {
    Database db = db(req);
    ObjectNode body = Params.bodyObject(req);
    Optional<String> rev = requestedRev(req);
    if (rev.isPresent()) {
      JsonNode inBody = body.get("_rev");
      if (inBody != null && !(inBody.isTextual() && inBody.textValue().equals(rev.get()))) {
        throw new BadRequestException(
            "Document rev from request body and query string have different values");
      }
      body.put("_rev", rev.get());
    }
    CompletableFuture<WriteResult> written;
    if (Params.bool(req, "new_edits", true)) {
      written = db.putAsync(id, body);
    } else {
      body.put("_id", id);
      written =
          db.bulkDocsAsync(List.of(body), false)
              .thenApply(
                  results -> {
                    BulkResult r = results.get(0);
                    if (!r.isOk()) {
                      throw r.error();
                    }
                    return new WriteResult(r.id(), r.rev());
                  });
    }
    // Answered when the group commit lands: the worker thread is free meanwhile.
    return written.thenApply(
        w ->
            Response.bytes(201, JSON, Jsons.okBytes(w.id(), w.rev()))
                .withHeader("ETag", "\"" + w.rev() + "\"")
                .withHeader("Location", req.rawPath()));
  }

  private Object delete(Request req, String id) {
    Database db = db(req);
    Optional<String> rev = requestedRev(req);
    if (id.startsWith("_local/")) {
      db.deleteLocal(id, rev.map(Revision::parse).orElse(null));
      return Jsons.ok(id, new Revision(0, "0"));
    }
    if (rev.isEmpty()) {
      throw new ConflictException();
    }
    ObjectNode tombstone = Jsons.MAPPER.createObjectNode();
    tombstone.put("_rev", Revision.parse(rev.get()).toString());
    tombstone.put("_deleted", true);
    return db.putAsync(id, tombstone)
        .thenApply(
            w ->
                Response.bytes(200, JSON, Jsons.okBytes(w.id(), w.rev()))
                    .withHeader("ETag", "\"" + w.rev() + "\""));
  }

  /** The revision named by {@code ?rev=} or {@code If-Match}. */
  private static Optional<String> requestedRev(Request req) {
    Optional<String> q = req.queryParam("rev");
    if (q.isPresent()) {
      return q;
    }
    return req.header("If-Match").map(v -> v.replace("\"", "").trim());
  }
}
