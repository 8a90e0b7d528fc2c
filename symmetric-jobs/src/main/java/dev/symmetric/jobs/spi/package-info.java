/**
 * Extension points of symmetric-jobs: the {@link dev.symmetric.jobs.spi.ClaimTransport} that
 * carries claim messages, the {@link dev.symmetric.jobs.spi.AcceptorStorage} that keeps promises
 * durable, and the {@link dev.symmetric.jobs.spi.MembershipSource} whose members vote. Time comes
 * from symmetric-replication's {@code Scheduler}, so a simulation drives all of it on virtual time.
 */
package dev.symmetric.jobs.spi;
