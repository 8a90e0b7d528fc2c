package dev.symmetric.examples.node;

import dev.symmetric.http.SymmetricNode;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runnable node: {@code java -jar examples/node/target/symmetric-node.jar --node-id a}. With
 * {@code --cluster N} it runs N nodes in one process on consecutive ports, each with its own data
 * directory, as a local demo. SIGTERM drains every node before the process exits.
 */
public final class NodeMain {
  private NodeMain() {}

  public static void main(String[] args) throws Exception {
    NodeFlags flags;
    try {
      flags = NodeFlags.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(NodeFlags.USAGE);
      System.exit(2);
      return;
    }
    if (flags.help()) {
      System.out.println(NodeFlags.USAGE);
      return;
    }
    List<SymmetricNode> nodes = start(flags, System.out);
    for (SymmetricNode node : nodes) {
      node.drainOnJvmShutdown();
    }
    for (SymmetricNode node : nodes) {
      node.awaitStop();
    }
  }

  /** Starts the nodes the flags describe and says where they listen. */
  static List<SymmetricNode> start(NodeFlags flags, PrintStream out) {
    List<SymmetricNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < flags.cluster(); i++) {
        String id =
            flags.cluster() == 1
                ? flags.nodeId().orElse("node-1")
                : flags.nodeId().orElse("node") + "-" + (i + 1);
        int port = flags.port() == 0 ? 0 : flags.port() + i;
        Path data =
            flags.cluster() == 1
                ? flags.dataDir().orElse(Path.of("data", id))
                : flags.dataDir().orElse(Path.of("data")).resolve(id);
        SymmetricNode.Builder b =
            SymmetricNode.builder().nodeId(id).host(flags.host()).port(port).dataDir(data);
        flags.secret().ifPresent(b::clusterSecret);
        if (flags.adminUser().isPresent()) {
          b.admin(flags.adminUser().get(), flags.adminPassword().orElseThrow());
        }
        for (URI peer : flags.peers()) {
          b.peer(peer);
        }
        SymmetricNode node = b.build().start();
        nodes.add(node);
        out.println(
            "node "
                + id
                + " serving "
                + node.baseUri()
                + " (databases at "
                + node.databaseUri("")
                + ", data in "
                + data
                + ")");
      }
    } catch (RuntimeException e) {
      nodes.forEach(SymmetricNode::close);
      throw e;
    }
    if (!flags.peers().isEmpty()) {
      out.println(
          "peers recorded: "
              + flags.peers()
              + " (replication between nodes needs symmetric-replication)");
    }
    return nodes;
  }
}
