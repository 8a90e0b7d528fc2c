package dev.symmetric.http.internal.db;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.AllDocsRequest;
import dev.symmetric.core.AllDocsResult;
import dev.symmetric.core.AllDocsRow;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.BulkResult;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.OpenRevResult;
import dev.symmetric.core.Revision;
import dev.symmetric.core.RevsDiff;
import dev.symmetric.core.SymmetricException;
import dev.symmetric.http.Access;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Many documents at once: {@code _bulk_docs}, {@code _bulk_get}, {@code _revs_diff}, {@code
 * _all_docs}.
 */
final class BulkRoutes {
  private static final String JSON = "application/json";

  private final DocumentStore store;
  private final DbSettings settings;

  BulkRoutes(DocumentStore store, DbSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  void register(Routes r) {
    RouteOptions writes = RouteOptions.of(Access.AUTHENTICATED_WRITES);
    RouteOptions jsonWrites = writes.requireJsonBody();
    r.post("/{db}/_bulk_docs", jsonWrites, this::bulkDocs);
    // These POSTs only read: they are as open as GET.
    RouteOptions jsonReads = RouteOptions.of(Access.PUBLIC).requireJsonBody();
    r.post("/{db}/_bulk_get", jsonReads, this::bulkGet);
    r.post("/{db}/_revs_diff", jsonReads, this::revsDiff);
    r.get("/{db}/_all_docs", writes, req -> allDocs(req, null));
    r.post(
        "/{db}/_all_docs",
        jsonReads,
        req -> {
          ObjectNode body = Params.bodyObject(req);
          JsonNode keys = body.get("keys");
          return allDocs(req, keys == null ? null : Params.stringList(keys, "keys"));
        });
  }

  private Database db(Request req) {
    return store.database(req.pathParam("db"));
  }

  private Object bulkDocs(Request req) throws IOException {
    Database db = db(req);
    ObjectNode body = Params.bodyObject(req);
    JsonNode docs = body.get("docs");
    if (docs == null || !docs.isArray()) {
      throw new BadRequestException("POST body must include `docs` parameter.");
    }
    checkSize(docs.size());
    JsonNode newEditsNode = body.get("new_edits");
    if (newEditsNode != null && !newEditsNode.isBoolean()) {
      throw new BadRequestException("`new_edits` parameter must be a boolean.");
    }
    boolean newEdits = newEditsNode == null || newEditsNode.booleanValue();
    List<ObjectNode> list = new ArrayList<>(docs.size());
    for (JsonNode d : docs) {
      if (!d.isObject()) {
        throw new BadRequestException("Document must be a JSON object");
      }
      list.add((ObjectNode) d);
    }
    // Answered when the group commit lands: the worker thread is free meanwhile.
    return db.bulkDocsAsync(list, newEdits)
        .thenApply(results -> bulkDocsResponse(results, newEdits));
  }

  private static Response bulkDocsResponse(List<BulkResult> results, boolean newEdits) {
    try (Jsons.Out out = new Jsons.Out()) {
      out.gen.writeStartArray();
      for (BulkResult res : results) {
        // The replicator's mode reports only failures, as CouchDB does.
        if (newEdits || !res.isOk()) {
          Jsons.bulkResult(out.gen, res);
        }
      }
      out.gen.writeEndArray();
      return Response.bytes(201, JSON, out.toBytes());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Object bulkGet(Request req) throws IOException {
    Database db = db(req);
    boolean revs = Params.bool(req, "revs", false);
    boolean latest = Params.bool(req, "latest", false);
    ObjectNode body = Params.bodyObject(req);
    JsonNode docs = body.get("docs");
    if (docs == null || !docs.isArray()) {
      throw new BadRequestException("Missing JSON list of 'docs'.");
    }
    checkSize(docs.size());
    try (Jsons.Out out = new Jsons.Out()) {
      JsonGenerator g = out.gen;
      g.writeStartObject();
      g.writeArrayFieldStart("results");
      for (JsonNode item : docs) {
        String id = item.path("id").isTextual() ? item.get("id").textValue() : null;
        JsonNode revNode = item.get("rev");
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeArrayFieldStart("docs");
        if (id == null) {
          bulkGetError(g, null, null, "bad_request", "document id missed");
        } else {
          try {
            if (revNode == null || revNode.isNull()) {
              Document d = db.get(id, GetOptions.defaults().withRevisions(revs));
              g.writeStartObject();
              g.writeFieldName("ok");
              out.doc(d);
              g.writeEndObject();
            } else {
              if (!revNode.isTextual()) {
                throw new BadRequestException("Invalid rev format");
              }
              Revision rev = Revision.parse(revNode.textValue());
              for (OpenRevResult res : db.openRevs(id, List.of(rev), latest, revs)) {
                if (res.isOk()) {
                  g.writeStartObject();
                  g.writeFieldName("ok");
                  out.doc(res.doc());
                  g.writeEndObject();
                } else {
                  bulkGetError(g, id, res.missing().toString(), "not_found", "missing");
                }
              }
            }
          } catch (SymmetricException e) {
            bulkGetError(
                g,
                id,
                revNode != null && revNode.isTextual() ? revNode.textValue() : "undefined",
                e.error(),
                e.reason());
          }
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      return Response.bytes(200, JSON, out.toBytes());
    }
  }

  private static void bulkGetError(
      JsonGenerator g, String id, String rev, String error, String reason) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("error");
    g.writeStringField("id", id);
    g.writeStringField("rev", rev == null ? "undefined" : rev);
    g.writeStringField("error", error);
    g.writeStringField("reason", reason);
    g.writeEndObject();
    g.writeEndObject();
  }

  private Object revsDiff(Request req) {
    Database db = db(req);
    ObjectNode body = Params.bodyObject(req);
    checkSize(body.size());
    Map<String, List<Revision>> asked = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = body.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      asked.put(e.getKey(), Params.revList(e.getValue(), "revisions of " + e.getKey()));
    }
    ObjectNode out = Jsons.MAPPER.createObjectNode();
    for (Map.Entry<String, RevsDiff> e : db.revsDiff(asked).entrySet()) {
      ObjectNode entry = out.putObject(e.getKey());
      var missing = entry.putArray("missing");
      e.getValue().missing().forEach(r -> missing.add(r.toString()));
      if (!e.getValue().possibleAncestors().isEmpty()) {
        var anc = entry.putArray("possible_ancestors");
        e.getValue().possibleAncestors().forEach(r -> anc.add(r.toString()));
      }
    }
    return out;
  }

  private Object allDocs(Request req, List<String> bodyKeys) throws IOException {
    Database db = db(req);
    List<String> keys = bodyKeys;
    if (keys == null) {
      Optional<JsonNode> q = Params.json(req, "keys");
      if (q.isPresent()) {
        keys = Params.stringList(q.get(), "keys");
      }
    }
    if (keys == null) {
      Optional<JsonNode> key = Params.json(req, "key");
      if (key.isPresent()) {
        if (!key.get().isTextual()) {
          throw Params.queryError("key must be a JSON string");
        }
        keys = List.of(key.get().textValue());
      }
    }
    if (keys != null) {
      checkSize(keys.size());
    }
    AllDocsRequest request =
        new AllDocsRequest(
            Params.jsonString(req, "startkey", "start_key").orElse(null),
            Params.jsonString(req, "endkey", "end_key").orElse(null),
            Params.bool(req, "inclusive_end", true),
            Params.nonNegativeInt(req, "limit", Integer.MAX_VALUE),
            Params.nonNegativeInt(req, "skip", 0),
            Params.bool(req, "descending", false),
            Params.bool(req, "include_docs", false),
            Params.bool(req, "conflicts", false),
            keys);
    AllDocsResult result = db.allDocs(request);
    try (Jsons.Out out = new Jsons.Out()) {
      JsonGenerator g = out.gen;
      g.writeStartObject();
      g.writeNumberField("total_rows", result.totalRows());
      if (result.offset() < 0) {
        g.writeNullField("offset");
      } else {
        g.writeNumberField("offset", result.offset());
      }
      g.writeArrayFieldStart("rows");
      for (AllDocsRow row : result.rows()) {
        g.writeStartObject();
        if (row.error() != null) {
          g.writeStringField("key", row.key());
          g.writeStringField("error", row.error());
        } else {
          g.writeStringField("id", row.id());
          g.writeStringField("key", row.key());
          g.writeObjectFieldStart("value");
          g.writeStringField("rev", row.rev().toString());
          if (row.deleted()) {
            g.writeBooleanField("deleted", true);
          }
          g.writeEndObject();
          if (request.includeDocs()) {
            g.writeFieldName("doc");
            if (row.doc() == null) {
              g.writeNull();
            } else {
              out.doc(row.doc());
            }
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      return Response.bytes(200, JSON, out.toBytes());
    }
  }

  private void checkSize(int n) {
    if (n > settings.bulkDocsMax()) {
      throw new BadRequestException("at most " + settings.bulkDocsMax() + " documents per request");
    }
  }
}
