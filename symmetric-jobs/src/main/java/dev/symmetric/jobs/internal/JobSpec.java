package dev.symmetric.jobs.internal;

import dev.symmetric.jobs.JobTask;
import dev.symmetric.jobs.Schedule;

/** A registered recurring job; {@code shards} is 1 for a job that runs once per slot. */
public record JobSpec(String name, Schedule schedule, int shards, JobTask task) {

  /** Every shard's claim key starts with it. */
  static final String KEY_PREFIX = "job/";

  /** The claim key of one shard: one key for all of its slots, so its runs never overlap. */
  String claimKey(int shard) {
    return KEY_PREFIX + name + "/" + shard;
  }
}
