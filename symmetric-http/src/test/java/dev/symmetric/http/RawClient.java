package dev.symmetric.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A bare HTTP/1.1 client over a socket, for what HttpClient will not send. */
final class RawClient implements AutoCloseable {
  final Socket socket;
  private final InputStream in;

  RawClient(int port) throws IOException {
    this(port, 5_000);
  }

  RawClient(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(readTimeoutMillis);
    in = socket.getInputStream();
  }

  RawClient send(String raw) throws IOException {
    return send(raw.getBytes(StandardCharsets.UTF_8));
  }

  RawClient send(byte[] raw) throws IOException {
    socket.getOutputStream().write(raw);
    socket.getOutputStream().flush();
    return this;
  }

  static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  /** Reads one response, or returns null if the server closed the connection first. */
  RawResponse read() throws IOException {
    return read(false);
  }

  /** Reads the response to a HEAD request, which has headers only. */
  RawResponse readHead() throws IOException {
    return read(true);
  }

  private RawResponse read(boolean headOnly) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      return null;
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.put(
          l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headOnly) {
      return new RawResponse(status, headers, "");
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        int size = Integer.parseInt(line().trim(), 16);
        if (size == 0) {
          line();
          break;
        }
        body.write(in.readNBytes(size));
        line();
      }
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    }
    return new RawResponse(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  /** Reads the rest of a chunked body whose head {@link #readHead()} already read. */
  String readChunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int size = Integer.parseInt(line().trim(), 16);
      if (size == 0) {
        line();
        return body.toString(StandardCharsets.UTF_8);
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  /** Reads just the status line, for responses that never end. */
  String readStatusLine() throws IOException {
    return line();
  }

  /** True if the server closed the connection (end of stream or reset). */
  boolean closedByServer() {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = out.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      out.write(c);
    }
    return out.size() == 0 ? null : out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
