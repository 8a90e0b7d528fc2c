package dev.symmetric.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.http.HttpException;
import dev.symmetric.http.Principal;
import dev.symmetric.http.Request;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The server's {@link Request}: immutable input plus the route match and filter state. */
public final class DefaultRequest implements Request {
  private final String method;
  private final RequestTarget target;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final String requestId;
  private final InetSocketAddress remoteAddress;
  private final boolean secure;
  private final ObjectMapper mapper;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private volatile RouteTable.Match match;
  private volatile Principal principal;

  /**
   * @param headers lower-cased names to values in arrival order
   */
  public DefaultRequest(
      String method,
      RequestTarget target,
      Map<String, List<String>> headers,
      byte[] body,
      String requestId,
      InetSocketAddress remoteAddress,
      boolean secure,
      ObjectMapper mapper) {
    this.method = method;
    this.target = target;
    this.headers = headers;
    this.body = body;
    this.requestId = requestId;
    this.remoteAddress = remoteAddress;
    this.secure = secure;
    this.mapper = mapper;
  }

  public RequestTarget target() {
    return target;
  }

  void match(RouteTable.Match m) {
    this.match = m;
  }

  RouteTable.Match match() {
    return match;
  }

  void principal(Principal p) {
    this.principal = p;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return target.path();
  }

  @Override
  public String rawPath() {
    return target.rawPath();
  }

  @Override
  public String routeTemplate() {
    RouteTable.Match m = match;
    return m == null ? "" : m.route().pattern().template();
  }

  @Override
  public String pathParam(String name) {
    String value = pathParams().get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "route " + routeTemplate() + " has no parameter '" + name + "'");
    }
    return value;
  }

  @Override
  public Map<String, String> pathParams() {
    RouteTable.Match m = match;
    return m == null ? Map.of() : m.params();
  }

  @Override
  public Optional<String> queryParam(String name) {
    List<String> values = target.query().get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public List<String> queryParams(String name) {
    return target.query().getOrDefault(name, List.of());
  }

  @Override
  public Map<String, List<String>> queryParams() {
    return target.query();
  }

  @Override
  public Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public String bodyText() {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw HttpException.badRequest("the body is not UTF-8");
    }
  }

  @Override
  public <T> T bodyJson(Class<T> type) {
    try {
      return mapper.readValue(body, type);
    } catch (IOException e) {
      throw HttpException.badRequest("invalid UTF-8 JSON");
    }
  }

  @Override
  public JsonNode bodyJsonTree() {
    if (body.length == 0) {
      throw HttpException.badRequest("invalid UTF-8 JSON");
    }
    return bodyJson(JsonNode.class);
  }

  @Override
  public String requestId() {
    return requestId;
  }

  @Override
  public Optional<Principal> principal() {
    return Optional.ofNullable(principal);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean secure() {
    return secure;
  }

  @Override
  public Optional<Object> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  @Override
  public void attribute(String name, Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }
}
