package dev.symmetric.jobs;

/** The work of a job: one call per (slot, shard) the node won the claim for. */
@FunctionalInterface
public interface JobTask {
  /** Throwing records the run as failed; the slot is not retried. */
  void run(JobContext context) throws Exception;
}
