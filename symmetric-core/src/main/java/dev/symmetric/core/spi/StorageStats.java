package dev.symmetric.core.spi;

/**
 * Approximate engine figures for monitoring.
 *
 * @param approximateKeys an estimate of the number of live keys, or -1 when unknown
 * @param approximateBytes an estimate of the bytes the data takes on disk or in memory
 * @param memoryBytes memory the engine holds for caches and write buffers, or -1 when unknown
 */
public record StorageStats(long approximateKeys, long approximateBytes, long memoryBytes) {}
