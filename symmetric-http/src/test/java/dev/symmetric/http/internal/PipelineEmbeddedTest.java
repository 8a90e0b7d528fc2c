package dev.symmetric.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The connection handler without sockets: ordering and error framing on an EmbeddedChannel. */
class PipelineEmbeddedTest {
  private final CompletableFuture<Object> slow = new CompletableFuture<>();

  private EmbeddedChannel channel() {
    List<RouteSpec> routes = new ArrayList<>();
    new RouteCollector("", routes)
        .getAsync("/slow", req -> slow)
        .get("/fast", req -> Map.of("fast", true));
    ObjectMapper mapper = new ObjectMapper();
    Dispatcher dispatcher =
        new Dispatcher(
            new RouteTable(routes),
            Runnable::run,
            "embedded",
            new SimpleMeterRegistry(),
            new Authenticator(List.of(), null),
            List.of());
    ConnectionSettings settings =
        new ConnectionSettings(
            dispatcher,
            new ResponseRenderer(mapper, "embedded"),
            mapper,
            new InFlight(),
            8,
            1 << 16,
            1_000,
            false,
            new DrainSignal());
    return new EmbeddedChannel(
        new HttpServerCodec(), new LimitedAggregator(1024), new HttpConnectionHandler(settings));
  }

  private static String drainOutbound(EmbeddedChannel ch) {
    ch.runPendingTasks();
    StringBuilder out = new StringBuilder();
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      ByteBuf buf = (ByteBuf) o;
      out.append(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return out.toString();
  }

  @Test
  void holdsAFastAnswerUntilTheSlowOneBeforeItIsWritten() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(
        Unpooled.copiedBuffer(
            "GET /slow HTTP/1.1\r\n\r\nGET /fast HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));
    assertThat(drainOutbound(ch)).isEmpty();
    slow.complete(Map.of("slow", true));
    String out = drainOutbound(ch);
    assertThat(out.indexOf("\"slow\"")).isGreaterThan(0).isLessThan(out.indexOf("\"fast\""));
    ch.finishAndReleaseAll();
  }

  @Test
  void answersAMalformedRequestWithJsonAndCloses() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Unpooled.copiedBuffer("BROKEN\r\n\r\n", StandardCharsets.US_ASCII));
    String out = drainOutbound(ch);
    assertThat(out).startsWith("HTTP/1.1 400").contains("\"error\":\"bad_request\"");
    ch.runPendingTasks();
    assertThat(ch.isOpen()).isFalse();
    ch.finishAndReleaseAll();
  }
}
