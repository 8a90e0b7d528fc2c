package dev.symmetric.jobs.internal;

import java.util.List;

/** Where runs are recorded: a replicated database in a node, a list in a simulation. */
public interface RunHistory {

  /** Records a run's start or its end (same job, slot, shard and token replaces). */
  void record(RunRecord run);

  /** Whether some node finished this (job, slot, shard), as far as this node has heard. */
  boolean finished(String job, long slotMillis, int shard);

  /** The newest runs of {@code job}, newest slot first, at most {@code limit}. */
  List<RunRecord> recent(String job, int limit);
}
