package dev.symmetric.http.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes connections beyond the bound at once, and tracks open ones so close() can end them. */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

  private final int maxConnections;
  private final ChannelGroup open;
  private final AtomicInteger count = new AtomicInteger();

  ConnectionLimiter(int maxConnections, ChannelGroup open) {
    this.maxConnections = maxConnections;
    this.open = open;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (count.incrementAndGet() > maxConnections) {
      count.decrementAndGet();
      LOG.warn("refusing {}: {} connections open", ctx.channel().remoteAddress(), maxConnections);
      ctx.close();
      return;
    }
    open.add(ctx.channel());
    ctx.channel().closeFuture().addListener(f -> count.decrementAndGet());
    super.channelActive(ctx);
  }

  int count() {
    return count.get();
  }
}
