package dev.symmetric.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request, fully received. Path and query values are already percent-decoded exactly once;
 * a request whose path or query does not decode as UTF-8 never reaches a handler.
 */
public interface Request {

  /** Upper-case method name, e.g. {@code GET}. */
  String method();

  /** The decoded path, e.g. {@code /db/a/b} for {@code /db/a%2Fb}. */
  String path();

  /** The path exactly as sent, without the query. */
  String rawPath();

  /** The template of the matched route, e.g. {@code /{db}/{docid...}}; empty if none matched. */
  String routeTemplate();

  /** A decoded path parameter; throws {@link IllegalArgumentException} if the route lacks it. */
  String pathParam(String name);

  Map<String, String> pathParams();

  /** The first value of a query parameter ({@code +} decodes to a space). */
  Optional<String> queryParam(String name);

  /** Every value of a query parameter, in order; empty if absent. */
  List<String> queryParams(String name);

  Map<String, List<String>> queryParams();

  /** The first value of a header, matched case-insensitively. */
  Optional<String> header(String name);

  List<String> headers(String name);

  byte[] body();

  /** The body decoded as UTF-8. */
  String bodyText();

  /** The body parsed with the server's ObjectMapper; malformed JSON is a 400. */
  <T> T bodyJson(Class<T> type);

  /** The body parsed as a JSON tree; malformed JSON is a 400. */
  JsonNode bodyJsonTree();

  /** The request id echoed in {@code X-Request-Id}: the caller's when sane, else generated. */
  String requestId();

  /** The authenticated caller, if any. */
  Optional<Principal> principal();

  /** The peer's address, or null if the transport has none (e.g. in tests without sockets). */
  InetSocketAddress remoteAddress();

  boolean secure();

  /** A value a filter attached to this request. */
  Optional<Object> attribute(String name);

  /** Attaches a value for later filters and the handler. */
  void attribute(String name, Object value);
}
