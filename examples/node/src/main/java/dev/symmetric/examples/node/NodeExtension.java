package dev.symmetric.examples.node;

import dev.symmetric.http.SymmetricNode;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.replication.cluster.Cluster;
import java.util.Optional;

/**
 * What an application adds to each node {@link NodeMain#start(NodeFlags, java.io.PrintStream,
 * NodeExtension)} assembles, so that it reuses the runnable node's flags, demo cluster and shutdown
 * handling instead of copying them. Each method is called once per node, in the order declared
 * here.
 */
public interface NodeExtension {

  /** Adds nothing: the plain runnable node. */
  NodeExtension NONE = new NodeExtension() {};

  /**
   * Whether every node must be a cluster member even without {@code --secret}; a secret is then
   * generated and printed, as for {@code --cluster N}.
   */
  default boolean needsCluster() {
    return false;
  }

  /** Whether every cluster member runs the job scheduler, even without demo jobs. */
  default boolean needsJobs() {
    return false;
  }

  /** Settings of the node's cluster membership (conflict resolvers, intervals). */
  default void cluster(String nodeId, Cluster.Builder cluster) {}

  /** Jobs of the node's scheduler; called only when it has one. */
  default void jobs(String nodeId, Jobs.Builder jobs) {}

  /**
   * Anything else the node needs (services, components added after the cluster and the jobs).
   *
   * @param cluster the node's cluster membership, if it is a member
   * @param jobs the node's scheduler, if it has one (not started yet)
   */
  default void node(
      String nodeId, SymmetricNode.Builder node, Optional<Cluster> cluster, Optional<Jobs> jobs) {}

  /**
   * Called once the node started, before the next one of a {@code --cluster N} demo is built; for
   * instance to wait until every member lists it before the next joins.
   */
  default void started(SymmetricNode node, Optional<Cluster> cluster) {}
}
