package dev.symmetric.benchmarks.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The floor for HTTP benchmarks: Netty's hello world with nothing else. One acceptor thread,
 * Netty's default number of I/O threads, native epoll where available, {@link HttpServerCodec} and
 * a handler answering every request with {@code {"hello":"world"}}.
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.symmetric.benchmarks.load.BareNettyHello --port 5991
 * }</pre>
 */
public final class BareNettyHello {
  private static final byte[] BODY = "{\"hello\":\"world\"}".getBytes(StandardCharsets.US_ASCII);

  private BareNettyHello() {}

  public static void main(String[] args) throws InterruptedException {
    int port = Flags.parse(args).intValue("port", 5991);
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, factory);
    EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, factory);
    try {
      Channel server =
          new ServerBootstrap()
              .group(boss, io)
              .channel(channel)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline().addLast(new HttpServerCodec(), new Hello());
                    }
                  })
              .bind("127.0.0.1", port)
              .sync()
              .channel();
      System.out.println(
          "bare netty hello serving http://127.0.0.1:" + port + (epoll ? " (epoll)" : " (nio)"));
      server.closeFuture().sync();
    } finally {
      boss.shutdownGracefully();
      io.shutdownGracefully();
    }
  }

  private static final class Hello extends SimpleChannelInboundHandler<HttpObject> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest)) {
        return;
      }
      HttpRequest req = (HttpRequest) msg;
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(BODY));
      res.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
      if (keepAlive) {
        ctx.write(res);
      } else {
        ctx.write(res).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
