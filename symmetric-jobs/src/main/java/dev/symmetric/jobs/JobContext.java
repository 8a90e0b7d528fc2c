package dev.symmetric.jobs;

import java.time.Instant;

/** What a running job knows about its run. */
public interface JobContext {

  String job();

  /** The slot this run is for. */
  Instant slot();

  /** Which shard, 0..shards-1; 0 for an unpartitioned job. */
  int shard();

  int shards();

  /** The fencing token of the claim: give it to stores that can refuse a stale holder. */
  long token();

  /**
   * Whether this node still holds the claim (the scheduler renews it while the run lasts). A long
   * run checks before each side effect and stops when this turns false.
   */
  boolean stillHolder();
}
