package dev.symmetric.replication;

/** Where a replication stands. */
public enum ReplicationState {
  /** Reading both ends' information and checkpoints. */
  STARTING,
  /** Moving changes. */
  RUNNING,
  /** Continuous and caught up: waiting for the next change. */
  IDLE,
  /** A call failed; waiting before trying again. */
  BACKING_OFF,
  /** One-shot and done. */
  COMPLETED,
  /** Gave up: a permanent error, or a one-shot replication that ran out of attempts. */
  FAILED,
  /** Stopped by its owner. */
  STOPPED
}
