package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamBackpressureTest {
  private static final long GIVE_UP_BYTES = 512L << 20;

  @Test
  void aWriterAheadOfAClientThatStoppedReadingWaitsThenFails() throws Exception {
    AtomicLong written = new AtomicLong();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    byte[] chunk = new byte[16 * 1024];
    try (HttpServer server =
            HttpServer.builder()
                .port(0)
                .streamBufferBytesMax(64 * 1024)
                .streamWriteTimeoutMillis(300)
                .routes(
                    r ->
                        r.get(
                            "/firehose",
                            req ->
                                Response.stream(
                                    200,
                                    "application/octet-stream",
                                    s -> {
                                      try {
                                        while (written.get() < GIVE_UP_BYTES) {
                                          s.write(chunk);
                                          s.flush();
                                          written.addAndGet(chunk.length);
                                        }
                                        outcome.complete(null);
                                      } catch (RuntimeException e) {
                                        outcome.complete(e);
                                      }
                                    })))
                .build()
                .start();
        RawClient client = new RawClient(server.port())) {
      client.send(RawClient.get("/firehose")); // and never read
      Throwable failure = outcome.get(20, TimeUnit.SECONDS);
      assertThat(failure).isInstanceOf(StreamClosedException.class);
      // Only socket buffers and the stream's own bound were filled, not the heap.
      assertThat(written.get()).isLessThan(GIVE_UP_BYTES);
    }
  }
}
