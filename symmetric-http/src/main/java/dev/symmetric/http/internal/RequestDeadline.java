package dev.symmetric.http.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose client takes too long to send one request (slowloris). The clock starts
 * at the first byte of a request, seen before the decoder, and stops when the whole request was
 * aggregated, seen after it; trickling bytes does not reset it, unlike a read timeout.
 */
final class RequestDeadline {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

  private final long timeoutMillis;
  private ScheduledFuture<?> timer;

  RequestDeadline(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** Goes before the HTTP decoder. */
  ChannelInboundHandlerAdapter start() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (timer == null) {
          timer =
              ctx.executor()
                  .schedule(
                      () -> {
                        LOG.debug("closing {}: request not received in time", ctx.channel());
                        ctx.close();
                      },
                      timeoutMillis,
                      TimeUnit.MILLISECONDS);
        }
        super.channelRead(ctx, msg);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
      }
    };
  }

  /** Goes after the aggregator. */
  ChannelInboundHandlerAdapter stop() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest || msg instanceof OversizedRequest) {
          cancel();
        }
        super.channelRead(ctx, msg);
      }
    };
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
