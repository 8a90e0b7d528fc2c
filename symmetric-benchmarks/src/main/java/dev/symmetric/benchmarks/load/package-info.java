/**
 * Load runners: plain mains that start servers or drive load over HTTP against 127.0.0.1, each for
 * a bounded time. The scripts under {@code bench/} run them; see docs/performance.md.
 */
package dev.symmetric.benchmarks.load;
