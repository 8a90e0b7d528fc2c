package dev.symmetric.jobs;

/** What a running one-off job knows about itself. */
public interface OneOffContext {

  /** The job's document id, as {@link Jobs#enqueue} returned it. */
  String id();

  /** The name it was enqueued under. */
  String name();

  /** The payload it was enqueued with. */
  String payload();

  /** The fencing token of the job's claim: give it to stores that can refuse a stale holder. */
  long token();

  /** Whether this node still holds the job's claim; a long job checks before each side effect. */
  boolean stillHolder();
}
