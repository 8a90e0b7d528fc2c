package dev.symmetric.http.internal;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The per-connection pipeline, outermost first. */
final class HttpChannelInitializer extends ChannelInitializer<SocketChannel> {
  private static final int MAX_CHUNK_BYTES = 8192;

  private final ServerConfig config;
  private final ConnectionLimiter limiter;
  private final SslContext ssl;
  private final ConnectionSettings settings;

  HttpChannelInitializer(
      ServerConfig config, ConnectionLimiter limiter, SslContext ssl, ConnectionSettings settings) {
    this.config = config;
    this.limiter = limiter;
    this.ssl = ssl;
    this.settings = settings;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("limit", limiter);
    if (ssl != null) {
      p.addLast("tls", ssl.newHandler(ch.alloc()));
    }
    RequestDeadline deadline = new RequestDeadline(config.requestReadTimeoutMillis());
    p.addLast("deadline-start", deadline.start());
    p.addLast(
        "codec",
        new HttpServerCodec(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineBytes())
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxChunkSize(MAX_CHUNK_BYTES)));
    p.addLast(
        "idle", new IdleStateHandler(0, 0, config.idleTimeoutMillis(), TimeUnit.MILLISECONDS));
    p.addLast(
        "compress",
        new HttpContentCompressor(
            config.compressionMinBytes(),
            StandardCompressionOptions.gzip(),
            StandardCompressionOptions.deflate()));
    p.addLast("aggregate", new LimitedAggregator((int) config.maxBodyBytes()));
    p.addLast("deadline-stop", deadline.stop());
    p.addLast("http", new HttpConnectionHandler(settings));
  }
}
