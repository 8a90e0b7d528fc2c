/**
 * Extension points of the core: {@link dev.symmetric.core.spi.StorageEngine} for pluggable local
 * storage. Engines ship with Symmetric for RocksDB and memory ({@code
 * dev.symmetric.core.StorageEngines}); any other must pass the conformance suite in {@code
 * symmetric-testing}.
 */
@NullMarked
package dev.symmetric.core.spi;

import org.jspecify.annotations.NullMarked;
