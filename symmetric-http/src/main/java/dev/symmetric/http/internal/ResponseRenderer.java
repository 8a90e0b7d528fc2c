package dev.symmetric.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.symmetric.http.Response;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;

/** Turns a {@link Response} into Netty messages, rendering JSON bodies with the server mapper. */
final class ResponseRenderer {
  static final String NODE_HEADER = "X-Symmetric-Node";
  static final String REQUEST_ID_HEADER = "X-Request-Id";
  private static final byte[] NEWLINE = {'\n'};

  private final ObjectMapper mapper;
  private final String nodeId;

  ResponseRenderer(ObjectMapper mapper, String nodeId) {
    this.mapper = mapper;
    this.nodeId = nodeId;
  }

  /** The body bytes of a non-streamed response; JSON gets a trailing newline like CouchDB. */
  byte[] body(Response response) throws IOException {
    if (!response.hasJsonBody()) {
      return response.bytesBody();
    }
    byte[] json = mapper.writeValueAsBytes(response.jsonBody());
    byte[] out = new byte[json.length + 1];
    System.arraycopy(json, 0, out, 0, json.length);
    System.arraycopy(NEWLINE, 0, out, json.length, 1);
    return out;
  }

  HttpResponse full(
      Response response, byte[] body, String requestId, boolean keepAlive, boolean head) {
    int status = response.status();
    boolean bodiless = status == 204 || status == 304 || status < 200;
    DefaultFullHttpResponse message =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            head || bodiless ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    HttpHeaders headers = message.headers();
    copyHeaders(response, headers, requestId, keepAlive);
    if (response.hasJsonBody() && !headers.contains(HttpHeaderNames.CONTENT_TYPE)) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    }
    if (!bodiless) {
      headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    }
    return message;
  }

  HttpResponse streamHead(Response response, String requestId, boolean keepAlive) {
    DefaultHttpResponse message =
        new DefaultHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
    copyHeaders(response, message.headers(), requestId, keepAlive);
    HttpUtil.setTransferEncodingChunked(message, true);
    return message;
  }

  private void copyHeaders(
      Response response, HttpHeaders headers, String requestId, boolean keepAlive) {
    for (Response.Header h : response.headers()) {
      headers.add(h.name(), h.value());
    }
    headers.set(NODE_HEADER, nodeId);
    headers.set(REQUEST_ID_HEADER, requestId);
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }
}
