package dev.symmetric.http.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.NotFoundException;
import dev.symmetric.http.Access;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import dev.symmetric.http.RouteOptions;
import dev.symmetric.http.Routes;
import java.util.Base64;

/**
 * One attachment's bytes: {@code GET /{db}/{docid}/{attname}}. Replicators pulling a document with
 * {@code _attachments} fetch each attachment here (PouchDB does, with {@code ?rev=}), even when the
 * document JSON carried the data inline.
 */
final class AttachmentRoutes {
  private static final String DEFAULT_TYPE = "application/octet-stream";

  private final DocumentStore store;

  AttachmentRoutes(DocumentStore store) {
    this.store = store;
  }

  void register(Routes r) {
    RouteOptions reads = RouteOptions.of(Access.AUTHENTICATED_WRITES);
    r.get("/{db}/{docid}/{att...}", reads, req -> get(req, req.pathParam("docid")));
    r.get(
        "/{db}/_design/{docid}/{att...}",
        reads,
        req -> get(req, "_design/" + req.pathParam("docid")));
  }

  private Object get(Request req, String id) {
    String name = req.pathParam("att");
    Document doc =
        store
            .database(req.pathParam("db"))
            .get(id, GetOptions.defaults().withRev(Params.rev(req, "rev").orElse(null)));
    JsonNode att = doc.body().path("_attachments").path(name);
    JsonNode data = att.get("data");
    if (data == null || !data.isTextual()) {
      throw new NotFoundException("Document is missing attachment");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data.textValue());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("attachment " + name + " of " + id + " is not valid base64");
    }
    String type = att.path("content_type").asText(DEFAULT_TYPE);
    Response res = Response.bytes(200, type.isEmpty() ? DEFAULT_TYPE : type, bytes);
    JsonNode digest = att.get("digest");
    if (digest != null && digest.isTextual()) {
      String etag = "\"" + digest.textValue() + "\"";
      if (req.header("If-None-Match").map(etag::equals).orElse(false)) {
        return Response.status(304).withHeader("ETag", etag);
      }
      res = res.withHeader("ETag", etag);
    }
    return res;
  }
}
