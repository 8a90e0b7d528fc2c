package dev.symmetric.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symmetric.http.HttpServer;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HttpSamplesTest {
  @Test
  void theOrdersServiceAnswersThroughTheServer() {
    try (HttpServer server = HttpSamples.server(new HttpSamples.Orders(), 0, "s3cret")) {
      URI base = URI.create("http://127.0.0.1:" + server.port() + "/orders/");
      String auth = Http.basic("admin", "s3cret");

      assertThat(Http.send("PUT", base.resolve("o1"), "{\"item\":\"book\",\"qty\":2}").status())
          .isEqualTo(401);
      Http.Reply put =
          Http.send(
              "PUT", base.resolve("o1"), "{\"item\":\"book\",\"qty\":2}", "Authorization", auth);
      assertThat(put.status()).isEqualTo(201);
      Http.Reply get = Http.send("GET", base.resolve("o1"), null);
      assertThat(get.json().get("item").asText()).isEqualTo("book");
      assertThat(get.json().get("qty").asInt()).isEqualTo(2);
      assertThat(get.raw().headers().firstValue("X-Symmetric-Node")).contains("orders-1");
      assertThat(Http.send("GET", base.resolve("o1/status"), null).json().get("status").asText())
          .isEqualTo("known");
      Http.Reply missing = Http.send("GET", base.resolve("o2"), null);
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.json().get("error").asText()).isEqualTo("not_found");
    }
  }
}
