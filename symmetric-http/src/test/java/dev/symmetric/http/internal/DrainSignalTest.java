package dev.symmetric.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.http.DatabaseApi;
import dev.symmetric.http.HttpServer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DrainSignalTest {

  @Test
  @Timeout(60)
  void feedsWhoseClientsLeftAreNotKeptForTheNextDrain() throws Exception {
    try (DocumentStore store = DocumentStore.builder().storage(StorageEngines.inMemory()).build();
        DatabaseApi api = DatabaseApi.builder(store).build();
        HttpServer server = HttpServer.builder().port(0).service("/db", api).build().start()) {
      store.createDatabase("orders");
      DrainSignal signal = ((NettyHttpServer) server).drainSignal();
      List<Socket> clients = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(30_000);
        s.getOutputStream()
            .write(
                ("GET /db/orders/_changes?feed=longpoll&since=now&heartbeat=60000 HTTP/1.1\r\n"
                        + "Host: x\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        readHead(s.getInputStream());
        clients.add(s);
      }
      while (signal.registered() < 10) {
        Thread.sleep(10); // each feed registers once its writer starts, right after its head
      }
      assertThat(signal.registered()).isEqualTo(10);

      for (Socket s : clients) {
        s.close();
      }
      while (signal.registered() > 0) {
        Thread.sleep(10); // the test's timeout fails it if they are never forgotten
      }
      assertThat(signal.registered()).isZero();
    }
  }

  /** Reads up to the blank line that ends a response head. */
  private static void readHead(InputStream in) throws java.io.IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int c = in.read();
      if (c < 0) {
        throw new java.io.EOFException("no response head");
      }
      matched = c == end[matched] ? matched + 1 : (c == end[0] ? 1 : 0);
    }
  }
}
