package dev.symmetric.jobs;

/** The work of a one-off job: one call per job enqueued under its name, on one node. */
@FunctionalInterface
public interface OneOffTask {
  /** Throwing records the job as failed; it is not retried. */
  void run(OneOffContext context) throws Exception;
}
