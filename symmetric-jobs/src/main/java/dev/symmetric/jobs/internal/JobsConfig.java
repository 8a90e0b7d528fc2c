package dev.symmetric.jobs.internal;

/** Validated settings of the scheduler; see {@code Jobs.Builder} for each one's meaning. */
public record JobsConfig(
    String database,
    long leaseMillis,
    long standbyDelayMillis,
    long checkEveryMillis,
    long retryDelayMillis,
    long missedSlotWindowMillis,
    int runThreads,
    int recentRunsMax) {}
