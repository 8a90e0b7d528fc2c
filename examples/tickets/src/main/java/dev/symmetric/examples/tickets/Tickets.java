package dev.symmetric.examples.tickets;

import dev.symmetric.http.spi.NodeComponent;
import dev.symmetric.http.spi.NodeContext;
import dev.symmetric.http.spi.NodeSetup;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.replication.cluster.Cluster;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The ticketing service as a node component: it opens its databases and mounts its routes under
 * {@code /api}. Add it after the node's {@link Cluster} and {@link Jobs}, whose claims it uses.
 */
final class Tickets implements NodeComponent {
  private final String nodeId;
  private final LongSupplier wallMillis;
  private volatile Cluster cluster;
  private volatile Jobs jobs;
  private volatile TicketsDatabases dbs;
  private volatile SeatLedger ledger;

  Tickets(String nodeId, LongSupplier wallMillis) {
    this.nodeId = nodeId;
    this.wallMillis = wallMillis;
  }

  /** The cluster and scheduler of this node; before the node is built. */
  Tickets bind(Cluster cluster, Jobs jobs) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    return this;
  }

  /** The job task that expires holds and settles pending bookings. */
  Expiry expiry() {
    return new Expiry(() -> dbs, () -> ledger, wallMillis);
  }

  @Override
  public String name() {
    return "tickets";
  }

  @Override
  public void configure(NodeSetup setup) {
    if (cluster == null) {
      throw new IllegalStateException("bind(cluster, jobs) before the node is built");
    }
    String secret =
        setup
            .clusterSecret()
            .orElseThrow(() -> new IllegalStateException("the tickets service needs a cluster"));
    TicketsDatabases d = TicketsDatabases.open(setup.store());
    SeatLedger l =
        new SeatLedger(
            nodeId,
            jobs::claims,
            d.holds(),
            d.bookings(),
            wallMillis,
            new Copies(() -> cluster, secret, setup.databasePath()));
    this.ledger = l;
    this.dbs = d; // last: the expiry job starts working once it sees the databases
    setup.service(
        "/api",
        new TicketsService(nodeId, d, l, new PeerForwarder(() -> cluster, secret), wallMillis));
  }

  @Override
  public void start(NodeContext context) {}

  @Override
  public void close() {}
}
