package dev.symmetric.http.internal.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.Revision;
import dev.symmetric.http.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Query parameters and bodies as CouchDB reads them. A value of the wrong shape is the caller's
 * mistake: a {@code 400} naming the parameter, never a default silently taken.
 */
final class Params {
  private Params() {}

  static boolean bool(Request req, String name, boolean dflt) {
    Optional<String> v = req.queryParam(name);
    if (v.isEmpty()) {
      return dflt;
    }
    return switch (v.get()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw queryError("Invalid boolean parameter: " + name);
    };
  }

  static long nonNegativeLong(Request req, String name, long dflt) {
    Optional<String> v = req.queryParam(name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.get().trim());
      if (n < 0) {
        throw queryError("Invalid negative value for " + name);
      }
      return n;
    } catch (NumberFormatException e) {
      throw queryError("Invalid integer parameter: " + name);
    }
  }

  static int nonNegativeInt(Request req, String name, int dflt) {
    long n = nonNegativeLong(req, name, dflt);
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  static Optional<Revision> rev(Request req, String name) {
    return req.queryParam(name).map(Revision::parse);
  }

  /** A query parameter whose value is JSON, e.g. {@code startkey="a"}. */
  static Optional<JsonNode> json(Request req, String name) {
    Optional<String> v = req.queryParam(name);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Jsons.MAPPER.readTree(v.get()));
    } catch (IOException e) {
      throw queryError("Invalid JSON in parameter " + name);
    }
  }

  /** A JSON string parameter such as {@code startkey}; also accepts its alias. */
  static Optional<String> jsonString(Request req, String name, String alias) {
    Optional<JsonNode> v = json(req, name);
    if (v.isEmpty() && alias != null) {
      v = json(req, alias);
    }
    if (v.isEmpty() || v.get().isNull()) {
      return Optional.empty();
    }
    if (!v.get().isTextual()) {
      throw queryError("Parameter " + name + " must be a JSON string");
    }
    return Optional.of(v.get().textValue());
  }

  /** The request body as a JSON object. */
  static ObjectNode bodyObject(Request req) {
    JsonNode body = req.bodyJsonTree();
    if (body == null || !body.isObject()) {
      throw new BadRequestException("Request body must be a JSON object");
    }
    return (ObjectNode) body;
  }

  /** A list of strings from a JSON array; anything else is a bad request. */
  static List<String> stringList(JsonNode node, String what) {
    if (node == null || !node.isArray()) {
      throw new BadRequestException(what + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(node.size());
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw new BadRequestException(what + " must be an array of strings");
      }
      out.add(n.textValue());
    }
    return out;
  }

  /** Revisions from a JSON array of strings. */
  static List<Revision> revList(JsonNode node, String what) {
    List<Revision> out = new ArrayList<>();
    for (String s : stringList(node, what)) {
      out.add(Revision.parse(s));
    }
    return out;
  }

  static BadRequestException queryError(String reason) {
    return new BadRequestException("query_parse_error", reason);
  }
}
