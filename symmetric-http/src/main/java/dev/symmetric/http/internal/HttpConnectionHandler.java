package dev.symmetric.http.internal;

import dev.symmetric.http.HttpException;
import dev.symmetric.http.Response;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: hands each to the dispatcher and writes the responses strictly in
 * request order, however the handlers' completions interleave (HTTP/1.1 pipelining). A streamed
 * response holds the line until it ends. All state is touched on the connection's I/O thread.
 */
final class HttpConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HttpConnectionHandler.class);

  private final ConnectionSettings settings;
  private final Map<Long, PreparedResponse> ready = new HashMap<>();
  private ChannelHandlerContext ctx;
  private long nextSeq;
  private long writeSeq;
  private int outstanding;
  private PreparedResponse streaming;
  private boolean closing;
  private boolean inactive;

  HttpConnectionHandler(ConnectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (closing) {
        return;
      }
      if (msg instanceof OversizedRequest) {
        reject(new HttpException(413, "too_large", "the request body exceeds the limit"));
      } else if (msg instanceof FullHttpRequest) {
        onRequest((FullHttpRequest) msg);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void reject(HttpException error) {
    // After a framing error the rest of the stream cannot be trusted: answer, then close.
    closing = true;
    long seq = begin();
    String id = RequestIds.echoOrGenerate(null);
    prepare(seq, ErrorResponses.from(error, id), id, false, false);
  }

  private void onRequest(FullHttpRequest msg) {
    if (msg.decoderResult().isFailure()) {
      reject(decoderError(msg.decoderResult().cause()));
      return;
    }
    long seq = begin();
    boolean keepAlive = HttpUtil.isKeepAlive(msg);
    boolean head = msg.method().equals(HttpMethod.HEAD);
    String requestId =
        RequestIds.echoOrGenerate(msg.headers().get(ResponseRenderer.REQUEST_ID_HEADER));
    DefaultRequest request;
    try {
      request =
          new DefaultRequest(
              msg.method().name().toUpperCase(Locale.ROOT),
              RequestTarget.parse(msg.uri()),
              headers(msg),
              ByteBufUtil.getBytes(msg.content()),
              requestId,
              remoteAddress(),
              settings.secure(),
              settings.mapper());
    } catch (HttpException e) {
      prepare(seq, ErrorResponses.from(e, requestId), requestId, keepAlive, head);
      return;
    }
    CompletionStage<Response> stage = settings.dispatcher().dispatch(request);
    stage.whenComplete(
        (response, failure) -> {
          Response r = failure == null ? response : ErrorResponses.from(failure, requestId);
          prepare(seq, r, requestId, keepAlive, head);
        });
  }

  private InetSocketAddress remoteAddress() {
    Object address = ctx.channel().remoteAddress();
    return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
  }

  private static Map<String, List<String>> headers(FullHttpRequest msg) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    msg.headers()
        .forEach(
            e ->
                headers
                    .computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(e.getValue()));
    return headers;
  }

  static HttpException decoderError(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new HttpException(414, "uri_too_long", "the request line exceeds the limit");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new HttpException(
          431, "header_fields_too_large", "the request headers exceed the limit");
    }
    if (cause instanceof TooLongFrameException) {
      return new HttpException(413, "too_large", "the request exceeds a limit");
    }
    return HttpException.badRequest("malformed HTTP request");
  }

  private long begin() {
    outstanding++;
    settings.inFlight().begin();
    if (outstanding >= settings.maxPipelinedRequests()) {
      // Stop reading until answers go out: bounds the work one connection can queue.
      ctx.channel().config().setAutoRead(false);
    }
    return nextSeq++;
  }

  /** Renders on the calling thread, then queues the result on the I/O thread. */
  private void prepare(
      long seq, Response response, String requestId, boolean keepAliveAsked, boolean head) {
    // A draining node answers with Connection: close, so the client's next request opens a new
    // connection, which the balancer sends to a node that is still ready.
    boolean keepAlive = keepAliveAsked && !settings.drain().draining();
    ResponseRenderer renderer = settings.renderer();
    PreparedResponse prepared;
    if (response.streamBody() == null) {
      HttpResponse message;
      try {
        message = renderer.full(response, renderer.body(response), requestId, keepAlive, head);
      } catch (Exception e) {
        Response error = ErrorResponses.from(e, requestId);
        message = renderer.full(error, bodyOf(error), requestId, keepAlive, head);
      }
      prepared = new PreparedResponse(seq, message, null, keepAlive);
      onLoop(() -> onPrepared(prepared));
      return;
    }
    NettyResponseStream stream =
        new NettyResponseStream(
            ctx,
            settings.streamBufferBytesMax(),
            settings.streamWriteTimeoutMillis(),
            s -> onStreamEnded(),
            settings.drain());
    prepared =
        new PreparedResponse(
            seq, renderer.streamHead(response, requestId, keepAlive), stream, keepAlive);
    onLoop(() -> onPrepared(prepared));
    if (ctx.executor().inEventLoop()) {
      // A handler that finished before the I/O thread asked for its result lands here. A stream
      // writer must never run on the I/O thread: it could not wait for the client, and its
      // chunks would pile up in the loop's queue without bound.
      try {
        settings.dispatcher().runOffLoop(() -> writeStream(response, stream, requestId));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        LOG.warn("request {}: no worker free to stream its response", requestId);
        ctx.channel().close();
      }
    } else {
      writeStream(response, stream, requestId);
    }
  }

  private void writeStream(Response response, NettyResponseStream stream, String requestId) {
    try {
      response.streamBody().writeTo(stream);
    } catch (Exception e) {
      // The head is already queued; all that is left is to cut the response short.
      LOG.error("request {} failed while streaming", requestId, e);
      ctx.channel().close();
    }
  }

  private void onLoop(Runnable task) {
    try {
      ctx.executor().execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The server is shutting down and the connection with it; nothing left to answer.
      LOG.debug("dropping a response: the I/O thread has stopped");
    }
  }

  private byte[] bodyOf(Response error) {
    try {
      return settings.renderer().body(error);
    } catch (Exception impossible) {
      throw new AssertionError("error bodies are plain maps", impossible);
    }
  }

  private void onPrepared(PreparedResponse prepared) {
    if (inactive) {
      discard(prepared);
      return;
    }
    ready.put(prepared.seq, prepared);
    writeReady();
  }

  private void writeReady() {
    while (!inactive && streaming == null && ready.containsKey(writeSeq)) {
      PreparedResponse next = ready.remove(writeSeq++);
      if (next.stream == null) {
        ctx.writeAndFlush(next.message).addListener(f -> finished(next));
        if (!next.keepAlive) {
          closeAfterLastWrite();
          return;
        }
      } else {
        streaming = next;
        ctx.write(next.message);
        next.stream.attach();
      }
    }
  }

  private void onStreamEnded() {
    PreparedResponse done = streaming;
    if (done == null) {
      return;
    }
    streaming = null;
    finished(done);
    if (!done.keepAlive) {
      closeAfterLastWrite();
      return;
    }
    writeReady();
  }

  private void closeAfterLastWrite() {
    closing = true;
    ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void finished(PreparedResponse response) {
    if (!response.finish()) {
      return;
    }
    outstanding--;
    settings.inFlight().end();
    if (!closing && !inactive && outstanding < settings.maxPipelinedRequests()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void discard(PreparedResponse response) {
    ReferenceCountUtil.release(response.message);
    if (response.stream != null) {
      response.stream.disconnected();
    }
    finished(response);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    inactive = true;
    if (streaming != null) {
      PreparedResponse s = streaming;
      streaming = null;
      s.stream.disconnected();
      finished(s);
    }
    new ArrayList<>(ready.values()).forEach(this::discard);
    ready.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent && outstanding == 0) {
      LOG.debug("closing idle connection {}", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("closing connection {} after {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
