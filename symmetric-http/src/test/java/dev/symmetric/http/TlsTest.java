package dev.symmetric.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

  @Test
  void servesHttpsFromPemFiles(@TempDir Path dir) throws Exception {
    Path[] pem = selfSigned(dir);
    try (HttpServer server =
        HttpServer.builder()
            .port(0)
            .tls(pem[0], pem[1])
            .routes(r -> r.get("/hello", req -> Map.of("secure", req.secure())))
            .build()
            .start()) {
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {new TrustAll()}, null);
      try (SSLSocket socket =
          (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", server.port())) {
        socket.setSoTimeout(5_000);
        socket
            .getOutputStream()
            .write(
                "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        String response = readAll(socket.getInputStream());
        assertThat(response).startsWith("HTTP/1.1 200").contains("{\"secure\":true}");
      }
    }
  }

  /** Netty's generator where it works on this JDK, else the openssl command line. */
  @SuppressWarnings("deprecation") // Netty's replacement needs Bouncy Castle, which we avoid.
  private static Path[] selfSigned(Path dir) throws Exception {
    try {
      SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
      return new Path[] {cert.certificate().toPath(), cert.privateKey().toPath()};
    } catch (Exception | LinkageError unavailable) {
      Path certFile = dir.resolve("cert.pem");
      Path keyFile = dir.resolve("key.pem");
      int exit;
      try {
        exit =
            new ProcessBuilder(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "1",
                    "-subj",
                    "/CN=localhost",
                    "-keyout",
                    keyFile.toString(),
                    "-out",
                    certFile.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor();
      } catch (java.io.IOException noOpenssl) {
        exit = -1;
      }
      assumeTrue(
          exit == 0 && Files.exists(keyFile),
          "no way to make a self-signed certificate here: " + unavailable);
      return new Path[] {certFile, keyFile};
    }
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
