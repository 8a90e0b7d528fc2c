package dev.symmetric.replication;

/**
 * A replication's progress, as {@code GET /_node/replication} reports it.
 *
 * @param replicationId the id its checkpoints are stored under
 * @param source the source endpoint's id
 * @param target the target endpoint's id
 * @param state where it stands
 * @param docsRead revisions read from the source
 * @param docsWritten revisions written to the target
 * @param docWriteFailures revisions the target refused
 * @param pending changes the source says are left, or -1 when unknown
 * @param lastCheckpointedSeq the source sequence recorded in the last checkpoint, as text
 * @param sourceSeq the newest source sequence seen, as text
 * @param lastSuccessMillis the scheduler time of the last batch that completed, or -1
 * @param lastError the last error, or {@code null}
 */
public record ReplicationStatus(
    String replicationId,
    String source,
    String target,
    ReplicationState state,
    long docsRead,
    long docsWritten,
    long docWriteFailures,
    long pending,
    String lastCheckpointedSeq,
    String sourceSeq,
    long lastSuccessMillis,
    String lastError) {}
