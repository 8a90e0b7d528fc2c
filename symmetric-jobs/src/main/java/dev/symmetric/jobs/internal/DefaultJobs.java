package dev.symmetric.jobs.internal;

import dev.symmetric.core.Database;
import dev.symmetric.core.DocumentStore;
import dev.symmetric.core.PreconditionFailedException;
import dev.symmetric.http.spi.NodeContext;
import dev.symmetric.http.spi.NodeSetup;
import dev.symmetric.jobs.Claims;
import dev.symmetric.jobs.Jobs;
import dev.symmetric.jobs.OneOffTask;
import dev.symmetric.jobs.spi.MembershipView;
import dev.symmetric.replication.Schedulers;
import dev.symmetric.replication.cluster.Cluster;
import dev.symmetric.replication.cluster.MemberInfo;
import dev.symmetric.replication.cluster.MemberState;
import dev.symmetric.replication.spi.Scheduler;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires claims (over HTTP, voted by the cluster's members) and the job engine into a node. */
public final class DefaultJobs implements Jobs {
  private static final Logger log = LoggerFactory.getLogger(DefaultJobs.class);

  /** Bound on runs waiting for a run thread. */
  private static final int RUN_QUEUE_MAX = 1_024;

  private final Cluster cluster;
  private final List<JobSpec> jobs;
  private final Map<String, OneOffTask> oneOffs;
  private final JobsConfig config;
  private final double driftRate;
  private final long driftMarginMillis;
  private final long requestTimeoutMillis;
  private final long forgetIdleClaimsAfterMillis;
  private final boolean forgetIdleApplicationClaims;
  private final Scheduler scheduler;
  private final LongSupplier wallClockMillis;
  private String nodeId;
  private String secret;
  private volatile Running running;
  private ExecutorService runThreads;
  private ExecutorService acceptorThreads;

  /** Bound on peers' claim messages waiting for an acceptor thread. */
  private static final int ACCEPTOR_QUEUE_MAX = 4_096;

  /** What exists once started. */
  record Running(DefaultClaims claims, JobEngine engine, RunHistory history, OneOffQueue queue) {
    Map<String, Object> status() {
      Map<String, Object> status = new LinkedHashMap<>(engine.status(history));
      status.put("one_off", queue.status());
      Map<String, Object> acceptor = new LinkedHashMap<>();
      acceptor.put("synced", claims.synced());
      acceptor.put("floor", claims.floor());
      acceptor.put("forgotten_keys", claims.forgottenKeys());
      status.put("acceptor", acceptor);
      return status;
    }
  }

  public DefaultJobs(
      Cluster cluster,
      List<JobSpec> jobs,
      Map<String, OneOffTask> oneOffs,
      JobsConfig config,
      double driftRate,
      long driftMarginMillis,
      long requestTimeoutMillis,
      long forgetIdleClaimsAfterMillis,
      boolean forgetIdleApplicationClaims,
      Scheduler scheduler,
      LongSupplier wallClockMillis) {
    this.forgetIdleClaimsAfterMillis = forgetIdleClaimsAfterMillis;
    this.forgetIdleApplicationClaims = forgetIdleApplicationClaims;
    this.cluster = cluster;
    this.jobs = jobs;
    this.oneOffs = oneOffs;
    this.config = config;
    this.driftRate = driftRate;
    this.driftMarginMillis = driftMarginMillis;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.scheduler = scheduler != null ? scheduler : Schedulers.system();
    this.wallClockMillis = wallClockMillis;
  }

  @Override
  public String name() {
    return "jobs";
  }

  @Override
  public void configure(NodeSetup setup) {
    nodeId = setup.nodeId();
    secret =
        setup
            .clusterSecret()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "jobs need the cluster secret: set SymmetricNode.builder()"
                            + ".clusterSecret(..)"));
    acceptorThreads =
        new ThreadPoolExecutor(
            2,
            2,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(ACCEPTOR_QUEUE_MAX),
            r -> {
              Thread t = new Thread(r, "symmetric-jobs-acceptor-" + nodeId);
              t.setDaemon(true);
              return t;
            });
    setup.service("", new JobsRoutes(() -> running, secret, acceptorThreads));
    setup.nodeInfo("jobs", () -> jobs.stream().map(JobSpec::name).toList());
  }

  @Override
  public void start(NodeContext context) {
    Database db = database(context.store());
    DefaultClaims claims =
        new DefaultClaims(
            new ClaimsConfig(
                nodeId,
                driftRate,
                driftMarginMillis,
                requestTimeoutMillis,
                200,
                24L * 3600 * 1000,
                3,
                65_536,
                true,
                forgetIdleClaimsAfterMillis,
                key ->
                    forgetIdleApplicationClaims
                        || key.startsWith(JobSpec.KEY_PREFIX)
                        || key.startsWith(OneOffQueue.KEY_PREFIX)),
            new HttpClaimTransport(secret, requestTimeoutMillis, this::urlOf),
            this::view,
            new DatabaseAcceptorStorage(db),
            scheduler);
    AtomicInteger n = new AtomicInteger();
    runThreads =
        new ThreadPoolExecutor(
            config.runThreads(),
            config.runThreads(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(RUN_QUEUE_MAX),
            r -> {
              Thread t = new Thread(r, "symmetric-jobs-" + nodeId + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    RunHistory history = new DatabaseRunHistory(db);
    JobEngine engine =
        new JobEngine(
            nodeId,
            jobs,
            config,
            claims,
            history,
            this::liveMembers,
            scheduler,
            wallClockMillis,
            runThreads);
    OneOffQueue queue =
        new OneOffQueue(
            nodeId,
            db,
            claims,
            oneOffs,
            config,
            this::liveMembers,
            scheduler,
            wallClockMillis,
            runThreads);
    JobsMetrics.register(context.server().meterRegistry(), claims, engine, queue);
    running = new Running(claims, engine, history, queue);
    engine.start();
    queue.start();
    log.info("Node {} schedules jobs {}", nodeId, jobs.stream().map(JobSpec::name).toList());
  }

  @Override
  public Claims claims() {
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("claims exist once the node started");
    }
    return r.claims();
  }

  @Override
  public String enqueue(String name, String payload) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("one-off jobs are enqueued once the node started");
    }
    return r.queue().enqueue(name, payload);
  }

  @Override
  public void close() {
    Running r = running;
    if (r != null) {
      r.engine().close();
      r.queue().close();
      r.claims().close();
    }
    if (runThreads != null) {
      runThreads.shutdownNow();
    }
    if (acceptorThreads != null) {
      acceptorThreads.shutdownNow();
    }
  }

  private Database database(DocumentStore store) {
    return store
        .findDatabase(config.database())
        .orElseGet(
            () -> {
              try {
                return store.createDatabase(config.database());
              } catch (PreconditionFailedException e) {
                return store.database(config.database()); // replication created it meanwhile
              }
            });
  }

  /** Every member not removed votes, alive or not, so a minority side never has a majority. */
  private Optional<MembershipView> view() {
    String phase = cluster.catchUp().phase();
    Set<String> ids = new TreeSet<>();
    for (MemberInfo m : cluster.members()) {
      if (m.state() != MemberState.REMOVED) {
        ids.add(m.id());
      }
    }
    ids.add(nodeId);
    if (ids.size() == 1 && (phase.equals("joining") || phase.equals("gave_up"))) {
      return Optional.empty(); // has seeds but has not heard from any: it does not know the members
    }
    return Optional.of(MembershipView.of(ids));
  }

  private Collection<String> liveMembers() {
    List<String> out = new ArrayList<>();
    for (MemberInfo m : cluster.members()) {
      if (m.self() || m.state() == MemberState.ALIVE) {
        out.add(m.id());
      }
    }
    return out;
  }

  private URI urlOf(String memberId) {
    for (MemberInfo m : cluster.members()) {
      if (m.id().equals(memberId)) {
        return m.url();
      }
    }
    return null;
  }
}
