package dev.symmetric.replication.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.replication.spi.Endpoint;
import dev.symmetric.replication.spi.Scheduler;
import java.time.Clock;
import java.util.Random;
import java.util.SortedSet;
import java.util.function.Predicate;

/** A replication's settings, validated by {@code Replication.Builder}. */
public record ReplicationConfig(
    Endpoint source,
    Endpoint target,
    boolean continuous,
    boolean createTarget,
    SortedSet<String> docIds,
    Predicate<ObjectNode> filter,
    String filterName,
    int batchDocsMax,
    long checkpointIntervalMillis,
    long backoffMinMillis,
    long backoffMaxMillis,
    int attemptsMax,
    long longpollMillis,
    Scheduler scheduler,
    Random random,
    Clock wallClock,
    String replicatorId) {}
