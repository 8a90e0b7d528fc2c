package dev.symmetric.core;

/**
 * Figures about a database, as CouchDB's {@code GET /db} reports them.
 *
 * @param name the database name
 * @param docCount documents whose winning revision is not deleted
 * @param docDelCount documents whose winning revision is deleted
 * @param updateSeq the sequence of the newest change
 * @param instanceStartTime when the database was created, in microseconds since the epoch; it
 *     changes when a database is deleted and created again, so replicators can tell
 * @param revsLimit revisions kept per branch
 */
public record DatabaseInfo(
    String name,
    long docCount,
    long docDelCount,
    long updateSeq,
    long instanceStartTime,
    int revsLimit) {}
