package dev.symmetric.examples.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Change;
import dev.symmetric.core.ChangesRequest;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Database;
import dev.symmetric.core.Document;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.GetOptions;
import dev.symmetric.core.WriteResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A tour of the embedded document store: create, update, a stale update refused, two replicas
 * editing the same document concurrently and converging on the same winner, and the changes feed.
 *
 * <p>Run with {@code java -jar examples/store-demo/target/store-demo.jar [data-dir]}.
 */
public final class StoreDemo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreDemo() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args.length > 0 ? args[0] : "data/store-demo");
    run(dataDir, System.out);
  }

  /** Runs the tour on a store in {@code dataDir}, printing what happens to {@code out}. */
  public static void run(Path dataDir, PrintStream out) throws Exception {
    try (DocumentStore store = DocumentStore.builder().dataDir(dataDir).build()) {
      out.println("Opened a RocksDB-backed store in " + dataDir.toAbsolutePath());
      for (String name : List.of("replica-a", "replica-b")) {
        if (store.findDatabase(name).isPresent()) {
          store.deleteDatabase(name);
        }
      }
      Database a = store.createDatabase("replica-a");
      Database b = store.createDatabase("replica-b");

      WriteResult created = a.put(doc("{\"_id\":\"order-1\",\"item\":\"book\",\"qty\":1}"));
      out.println("created order-1 at " + created.rev());
      WriteResult updated =
          a.put(doc("{\"_id\":\"order-1\",\"_rev\":\"" + created.rev() + "\",\"qty\":2}"));
      out.println("updated order-1 to " + updated.rev());
      try {
        a.put(doc("{\"_id\":\"order-1\",\"_rev\":\"" + created.rev() + "\",\"qty\":3}"));
      } catch (ConflictException e) {
        out.println("a stale update is refused: " + e.error() + " - " + e.reason());
      }

      // Replicate order-1 to b the way the replicator does: the revision with its history.
      Document current = a.get("order-1", GetOptions.defaults().withRevisions(true));
      b.bulkDocs(List.of(current.toJson()), false);

      // Both replicas now edit the same revision concurrently...
      WriteResult onA =
          a.put(doc("{\"_id\":\"order-1\",\"_rev\":\"" + updated.rev() + "\",\"qty\":5}"));
      WriteResult onB =
          b.put(doc("{\"_id\":\"order-1\",\"_rev\":\"" + updated.rev() + "\",\"qty\":7}"));
      out.println("concurrent edits: " + onA.rev() + " on a, " + onB.rev() + " on b");

      // ...and exchange them. Both keep both edits and pick the same winner.
      b.bulkDocs(
          List.of(a.get("order-1", GetOptions.defaults().withRevisions(true)).toJson()), false);
      a.bulkDocs(
          List.of(
              b.get("order-1", GetOptions.defaults().withRevisions(true).withRev(onB.rev()))
                  .toJson()),
          false);
      Document winnerOnA = a.get("order-1", GetOptions.defaults().withConflicts(true));
      Document winnerOnB = b.get("order-1", GetOptions.defaults().withConflicts(true));
      out.println("winner on a: " + winnerOnA.rev() + " conflicts " + winnerOnA.conflicts());
      out.println("winner on b: " + winnerOnB.rev() + " conflicts " + winnerOnB.conflicts());
      out.println("replicas agree: " + winnerOnA.rev().equals(winnerOnB.rev()));

      for (Change c : a.changes(ChangesRequest.since(0).withAllLeaves(true)).results()) {
        out.println("change seq=" + c.seq() + " id=" + c.id() + " leaves=" + c.revs());
      }
      out.println("replica-a: " + a.info());
    }
  }

  private static ObjectNode doc(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }
}
