package dev.symmetric.http.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Aggregates requests up to the body limit. Instead of Netty's plain-text 413 written out of turn,
 * an oversized request is passed on as a marker, so the connection answers it in pipeline order
 * with a JSON body.
 */
final class LimitedAggregator extends HttpObjectAggregator {
  LimitedAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.fireChannelRead(OversizedRequest.INSTANCE);
  }
}
