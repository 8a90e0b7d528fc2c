/**
 * Test kits for Symmetric and for code built on it. Entry points: {@link
 * dev.symmetric.testing.StorageEngineConformance}, the contract every {@link
 * dev.symmetric.core.spi.StorageEngine} must pass (extend it and say how to open your engine), and
 * {@link dev.symmetric.testing.FaultyStorageEngine}, which makes writes fail on command to prove
 * that a failed write changes nothing.
 */
package dev.symmetric.testing;
