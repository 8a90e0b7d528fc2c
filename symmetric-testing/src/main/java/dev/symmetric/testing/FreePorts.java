package dev.symmetric.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports for child JVMs to listen on, chosen before they start so each can be told its peers. */
public final class FreePorts {
  private FreePorts() {}

  /**
   * {@code count} distinct ports that were free a moment ago: all are held open until every one is
   * picked, so none is handed out twice.
   */
  public static List<Integer> pick(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0);
        sockets.add(s);
        ports.add(s.getLocalPort());
      }
      return List.copyOf(ports);
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
