/** JMH benchmarks of Symmetric, each beside a baseline measured in the same run. */
package dev.symmetric.benchmarks;
