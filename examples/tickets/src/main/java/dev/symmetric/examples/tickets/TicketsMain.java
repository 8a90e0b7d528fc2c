package dev.symmetric.examples.tickets;

import dev.symmetric.examples.node.NodeExtension;
import dev.symmetric.examples.node.NodeFlags;
import dev.symmetric.examples.node.NodeMain;
import dev.symmetric.http.SymmetricNode;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.jobs.Schedule;
import dev.symmetric.replication.cluster.Cluster;
import dev.symmetric.replication.cluster.MemberState;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The ticketing service: {@code java -jar examples/tickets/target/tickets.jar --cluster 3}. It
 * takes the runnable node's flags; every node is a cluster member (a secret is generated when none
 * is given) running the whole service: routes under {@code /api}, the replicated databases, the
 * seats' claims and the expiry job.
 */
public final class TicketsMain {
  /** How often the expiry job runs in the demo; a deployment may run it nightly by cron. */
  static final Duration EXPIRE_EVERY = Duration.ofSeconds(2);

  /** How long a demo member may take to be listed by every other before the next starts. */
  static final long JOIN_WAIT_MILLIS = 30_000;

  /** HTTP worker threads per node. */
  static final int WORKER_THREADS = 64;

  private TicketsMain() {}

  public static void main(String[] args) throws Exception {
    NodeMain.run(args, "java -jar tickets.jar", TicketsMain::start);
  }

  /** Starts the nodes the flags describe, each running the service, and says where. */
  static List<SymmetricNode> start(NodeFlags flags, PrintStream out) {
    List<SymmetricNode> nodes = NodeMain.start(flags, out, new Extension(out));
    for (SymmetricNode n : nodes) {
      out.println("tickets on " + n.nodeId() + ": " + n.baseUri() + "/api/events");
    }
    return nodes;
  }

  /** What each node gets on top of the runnable node. */
  private static final class Extension implements NodeExtension {
    private final Map<String, Tickets> tickets = new HashMap<>();
    private final List<Cluster> members = new ArrayList<>();
    private final PrintStream out;

    Extension(PrintStream out) {
      this.out = out;
    }

    /**
     * Members of a {@code --cluster N} demo join one at a time, each once every member lists it:
     * claims stay safe only under such single-member changes (docs/jobs.md, "Membership").
     */
    @Override
    public void started(SymmetricNode node, Optional<Cluster> cluster) {
      if (cluster.isEmpty()) {
        return;
      }
      members.add(cluster.get());
      int count = members.size();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_WAIT_MILLIS);
      while (!members.stream().allMatch(m -> alive(m) >= count)) {
        if (System.nanoTime() > deadline) {
          out.println(
              "warning: not every member lists "
                  + count
                  + " members yet; starting the next anyway");
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }

    private static long alive(Cluster c) {
      return c.members().stream().filter(m -> m.state() == MemberState.ALIVE).count();
    }

    @Override
    public boolean needsCluster() {
      return true;
    }

    @Override
    public boolean needsJobs() {
      return true;
    }

    @Override
    public void cluster(String nodeId, Cluster.Builder cluster) {
      cluster
          .conflictResolver(TicketsDatabases.BOOKINGS, new BookingMerge())
          .conflictResolver(TicketsDatabases.EVENTS, BookingMerge.keepWinner())
          .conflictResolver(TicketsDatabases.CUSTOMERS, BookingMerge.keepWinner());
    }

    @Override
    public void jobs(String nodeId, Jobs.Builder jobs) {
      Tickets t = new Tickets(nodeId, System::currentTimeMillis);
      tickets.put(nodeId, t);
      jobs.partitioned(
          "tickets-expire", Expiry.SHARDS, Schedule.fixedRate(EXPIRE_EVERY), t.expiry());
    }

    @Override
    public void node(
        String nodeId, SymmetricNode.Builder node, Optional<Cluster> cluster, Optional<Jobs> jobs) {
      Tickets t = tickets.get(nodeId);
      if (t == null || cluster.isEmpty() || jobs.isEmpty()) {
        throw new IllegalStateException("node " + nodeId + " has no cluster or no jobs");
      }
      // Holds and sales wait on the seats' claims (bounded, see SeatLedger): more workers than
      // the default keep a few slow claim rounds from queueing every other request.
      node.http(h -> h.workerThreads(WORKER_THREADS));
      node.component(t.bind(cluster.get(), jobs.get()));
    }
  }
}
