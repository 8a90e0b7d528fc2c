package dev.symmetric.replication.sim;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.StorageEngines;
import dev.symmetric.core.spi.ForwardingStorageEngine;
import dev.symmetric.core.spi.StorageEngine;
import dev.symmetric.replication.Endpoints;
import dev.symmetric.replication.Replication;
import dev.symmetric.replication.ReplicationState;
import dev.symmetric.replication.ReplicationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A few nodes on one {@link SimScheduler}: each an in-memory store with one database and a
 * continuous pull from every other node through the {@link SimNetwork}. One seed drives the
 * network, the replicators' jitter and session ids, so a run repeats exactly.
 */
public final class SimCluster implements AutoCloseable {
  public static final String DB = "db";
  static final long NETWORK_TIMEOUT_MILLIS = 2_000;
  static final long LONGPOLL_MILLIS = 5_000;
  static final long STOP_MILLIS_MAX = 6_000;

  private final SimScheduler sim = new SimScheduler();
  private final Random random;
  private final SimNetwork network;
  private final List<Node> nodes = new ArrayList<>();
  private final Consumer<String> log;

  /** One member: its storage outlives its store, as a disk outlives a process. */
  private final class Node {
    final int index;
    final StorageEngine disk = new KeptEngine(StorageEngines.inMemory());
    DocumentStore store;
    Database db;
    final List<Replication> pulls = new ArrayList<>();

    Node(int index) {
      this.index = index;
    }

    String name() {
      return "n" + index;
    }

    void boot() {
      store = DocumentStore.builder().storage(disk).build();
      db = store.findDatabase(DB).orElseGet(() -> store.createDatabase(DB));
      network.attach(index, Endpoints.local(db, name(), sim));
    }

    void startPulls() {
      for (int peer = 0; peer < nodes.size(); peer++) {
        if (peer != index) {
          pulls.add(
              Replication.builder(
                      network.endpoint(index, peer, DB), Endpoints.local(db, name(), sim))
                  .continuous(true)
                  .replicatorId(name())
                  .scheduler(sim)
                  .random(new Random(random.nextLong()))
                  .wallClock(sim.wallClock())
                  .batchDocsMax(1 + random.nextInt(4))
                  .checkpointIntervalMillis(random.nextBoolean() ? 0 : 500)
                  .backoffMillis(50, 2_000)
                  .longpollMillis(LONGPOLL_MILLIS)
                  .build()
                  .start());
        }
      }
    }
  }

  /**
   * @param size nodes, 1 to 9
   * @param seed drives everything random in the cluster
   * @param log receives trace lines (network events and lifecycle)
   */
  public SimCluster(int size, long seed, Consumer<String> log) {
    if (size < 1 || size > 9) {
      throw new IllegalArgumentException("size must be 1..9, was " + size);
    }
    this.random = new Random(seed);
    this.log = log;
    this.network =
        new SimNetwork(
            sim,
            new Random(random.nextLong()),
            NETWORK_TIMEOUT_MILLIS,
            line -> log.accept("t=" + sim.nowMillis() + " " + line));
    for (int i = 0; i < size; i++) {
      nodes.add(new Node(i));
    }
    nodes.forEach(Node::boot);
    nodes.forEach(Node::startPulls);
  }

  public SimScheduler sim() {
    return sim;
  }

  public SimNetwork network() {
    return network;
  }

  public int size() {
    return nodes.size();
  }

  /** The database of node {@code i}, as a client of that node writes to it. */
  public Database db(int i) {
    return nodes.get(i).db;
  }

  /**
   * Stops node {@code i} in order (replications checkpoint, within their bound) and starts it again
   * over the same storage.
   */
  public void restart(int i) {
    Node n = nodes.get(i);
    log.accept("t=" + sim.nowMillis() + " n" + i + " restarts");
    n.pulls.forEach(Replication::stop);
    sim.runUntil(
        () -> n.pulls.stream().allMatch(r -> r.completion().isDone()), 10, STOP_MILLIS_MAX);
    network.detach(i);
    reboot(n);
  }

  /**
   * Kills node {@code i} and starts it again over the same storage: calls in flight to it are lost,
   * its replications get no last checkpoint out. Acknowledged writes are in the storage.
   */
  public void crash(int i) {
    Node n = nodes.get(i);
    log.accept("t=" + sim.nowMillis() + " n" + i + " crashes");
    network.detach(i);
    n.store.close();
    n.pulls.forEach(Replication::stop);
    reboot(n);
  }

  private void reboot(Node n) {
    n.pulls.clear();
    n.store.close();
    n.boot();
    n.startPulls();
  }

  /** The id of node {@code target}'s pull from node {@code source}, which names its checkpoints. */
  public String replicationId(int target, int source) {
    int at = source < target ? source : source - 1;
    return nodes.get(target).pulls.get(at).status().replicationId();
  }

  /** Every replication is caught up and waiting for changes. */
  public boolean idle() {
    for (Node n : nodes) {
      for (Replication r : n.pulls) {
        if (r.status().state() != ReplicationState.IDLE) {
          return false;
        }
      }
    }
    return true;
  }

  /** The status of every replication, one per line, for failure messages. */
  public String statuses() {
    StringBuilder s = new StringBuilder();
    for (Node n : nodes) {
      for (Replication r : n.pulls) {
        ReplicationStatus st = r.status();
        s.append(n.name())
            .append(" <- ")
            .append(st.source())
            .append(": ")
            .append(st.state())
            .append(st.lastError() == null ? "" : " (" + st.lastError() + ")")
            .append('\n');
      }
    }
    return s.toString();
  }

  /** Any replication that gave up for good. */
  public List<ReplicationStatus> failed() {
    List<ReplicationStatus> out = new ArrayList<>();
    for (Node n : nodes) {
      for (Replication r : n.pulls) {
        ReplicationStatus st = r.status();
        if (st.state() == ReplicationState.FAILED) {
          out.add(st);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.pulls.forEach(Replication::stop);
    }
    sim.runFor(STOP_MILLIS_MAX);
    for (Node n : nodes) {
      network.detach(n.index);
      n.store.close();
    }
  }

  /** An engine whose close is a no-op, so a store can be reopened over the same data. */
  private static final class KeptEngine extends ForwardingStorageEngine {
    KeptEngine(StorageEngine inner) {
      super(inner);
    }

    @Override
    public void close() {
      // the disk stays; only the process goes
    }
  }
}
