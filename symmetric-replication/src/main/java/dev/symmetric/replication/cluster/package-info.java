/**
 * A symmetric cluster: membership by gossip, a pull-replication mesh between every pair of live
 * members, databases that appear on every node, catch-up before ready, and conflict resolution. The
 * entry point is {@link dev.symmetric.replication.cluster.Cluster#builder()}; the result is a node
 * component:
 *
 * <pre>{@code
 * SymmetricNode node = SymmetricNode.builder()
 *     .nodeId("box-2")
 *     .dataDir(Path.of("data"))
 *     .clusterSecret(secret)
 *     .component(Cluster.builder().seeds(List.of(URI.create("http://box-1:8080"))).build())
 *     .build()
 *     .start();
 * }</pre>
 */
package dev.symmetric.replication.cluster;
