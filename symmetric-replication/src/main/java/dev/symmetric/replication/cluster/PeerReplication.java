package dev.symmetric.replication.cluster;

import dev.symmetric.replication.ReplicationState;

/**
 * The pull replication of one database from one peer, as {@code GET /_node/replication} reports it.
 *
 * @param peer the peer's node id
 * @param database the database name
 * @param state where the replication stands
 * @param lagSeqs the peer's last known update sequence minus the sequence replicated through, or -1
 *     when either is unknown or not a number
 * @param peerSeq the peer's update sequence when last asked, as text, or {@code null}
 * @param replicatedSeq the source sequence the replication has read through, or {@code null}
 * @param lastSuccessMillis scheduler time of the last batch that completed, or -1
 * @param lastError the last error, or {@code null}
 * @param docsRead revisions read from the peer
 * @param docsWritten revisions written locally
 */
public record PeerReplication(
    String peer,
    String database,
    ReplicationState state,
    long lagSeqs,
    String peerSeq,
    String replicatedSeq,
    long lastSuccessMillis,
    String lastError,
    long docsRead,
    long docsWritten) {}
