package dev.symmetric.jobs;

/**
 * Counters of one node's claims since it started.
 *
 * @param acquired acquisitions granted
 * @param contended acquisitions refused because another node held the key
 * @param failed acquisitions and renewals that found no majority in time
 * @param renewed renewals granted
 * @param released releases acknowledged by a majority
 * @param latencyMillisTotal summed time from asking to being granted, over granted acquisitions
 * @param latencyMillisMax the longest of those
 */
public record ClaimStats(
    long acquired,
    long contended,
    long failed,
    long renewed,
    long released,
    long latencyMillisTotal,
    long latencyMillisMax) {}
