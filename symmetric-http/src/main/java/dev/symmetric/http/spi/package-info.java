/**
 * Extension points of a node: {@link dev.symmetric.http.spi.NodeComponent} for modules that start
 * and stop with it (replication, jobs).
 */
package dev.symmetric.http.spi;
