package dev.symmetric.examples.tickets;

import dev.symmetric.examples.node.NodeFlags;
import dev.symmetric.http.SymmetricNode;
import java.util.List;

/**
 * One tickets node in a process of its own, started with the jar's flags; prints {@code READY
 * <base-url>} once it serves and runs until killed.
 */
public final class TicketsProcessMain {
  private TicketsProcessMain() {}

  public static void main(String[] args) throws Exception {
    List<SymmetricNode> nodes = TicketsMain.start(NodeFlags.parse(args), System.out);
    System.out.println("READY " + nodes.get(0).baseUri());
    System.out.flush();
    nodes.get(0).awaitStop();
  }
}
