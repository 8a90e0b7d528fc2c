package dev.symmetric.http.internal;

import dev.symmetric.http.Filter;
import dev.symmetric.http.HttpException;
import dev.symmetric.http.Request;
import dev.symmetric.http.Response;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/** Rejects POST and PUT bodies not declared as JSON, for routes that asked for it. */
final class JsonContentTypeFilter implements Filter {

  @Override
  public CompletionStage<Response> filter(Request request, Next next) {
    DefaultRequest req = (DefaultRequest) request;
    boolean writes = request.method().equals("POST") || request.method().equals("PUT");
    if (writes && req.match().route().options().jsonBodyRequired() && !isJson(request)) {
      throw new HttpException(415, "bad_content_type", "Content-Type must be application/json");
    }
    return next.handle(request);
  }

  static boolean isJson(Request request) {
    String type = request.header("Content-Type").orElse("");
    int semi = type.indexOf(';');
    String media = (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return media.equals("application/json") || media.endsWith("+json");
  }
}
