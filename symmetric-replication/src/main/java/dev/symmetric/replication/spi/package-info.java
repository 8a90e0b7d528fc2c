/**
 * Extension points of replication: {@link dev.symmetric.replication.spi.Endpoint} (one side of a
 * replication) and {@link dev.symmetric.replication.spi.Scheduler} (time and execution), so tests
 * can put a simulated network and clock under real replicators.
 */
package dev.symmetric.replication.spi;
