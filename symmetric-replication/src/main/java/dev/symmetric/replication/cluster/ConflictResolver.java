package dev.symmetric.replication.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.Document;
import java.util.List;

/**
 * Merges a document in conflict. The cluster calls it for every document of a database that has
 * more than one non-deleted leaf, writes the returned body as a new revision on top of the winner
 * and deletes the losing leaves, in one bulk write.
 *
 * <p>It must be <b>deterministic</b>: the same winner and losers must give the same body on every
 * node. Revision ids are content hashes of (parent, body, deleted), so two nodes that resolve the
 * same conflict at the same time write the same revisions, and replication merges them instead of
 * making a new conflict. A resolver that reads the clock, a random source or local state breaks
 * that and can make conflicts that never settle.
 */
@FunctionalInterface
public interface ConflictResolver {

  /**
   * The merged body.
   *
   * @param winner the winning revision (what a plain read returns)
   * @param losers the other non-deleted leaves, ordered by revision
   * @return the body to write on top of the winner, without {@code _id} and {@code _rev} (they are
   *     set by the cluster); {@code null} to leave the document in conflict
   */
  ObjectNode resolve(Document winner, List<Document> losers);
}
