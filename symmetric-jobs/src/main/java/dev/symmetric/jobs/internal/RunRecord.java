package dev.symmetric.jobs.internal;

/**
 * One run as stored in the history database.
 *
 * @param outcome {@code running}, {@code ok}, {@code failed} or {@code lease_lost}
 * @param endMillis wall-clock end, or -1 while running
 */
public record RunRecord(
    String job,
    long slotMillis,
    int shard,
    String node,
    long token,
    long startMillis,
    long endMillis,
    String outcome,
    String error) {}
