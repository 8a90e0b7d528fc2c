package dev.symmetric.http.internal;

import dev.symmetric.http.HttpServer;
import dev.symmetric.http.Readiness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's lifecycle: bind, drain, close. */
public final class NettyHttpServer implements HttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(NettyHttpServer.class);
  private static final long SHUTDOWN_STEP_MILLIS = 5_000;
  static final int MAX_NODE_FIELDS = 64;

  private final ServerConfig config;
  private final PrometheusMeterRegistry registry;
  private final ReadinessRegistry readiness = new ReadinessRegistry();
  private final Map<String, Supplier<?>> nodeInfo = new LinkedHashMap<>();
  private final InFlight inFlight = new InFlight();
  private final DrainSignal drainSignal = new DrainSignal();
  private final java.util.concurrent.CountDownLatch graceCut =
      new java.util.concurrent.CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean drainStarted = new AtomicBoolean();
  private final long createdNanos = System.nanoTime();
  private volatile long startedNanos;
  private volatile int boundPort = -1;
  private EventLoopGroup acceptors;
  private EventLoopGroup io;
  private ThreadPoolExecutor workers;
  private PeerLane peerLane;
  private Channel serverChannel;
  private ChannelGroup channels;
  private Dispatcher dispatcher;

  public NettyHttpServer(ServerConfig config, PrometheusMeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    config.readinessChecks().forEach(readiness::add);
    config.nodeInfo().forEach(this::nodeInfo);
  }

  @Override
  public HttpServer start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("start() may be called once");
    }
    Transport transport = Transport.best();
    acceptors = transport.newGroup(1, "symmetric-http-accept");
    io = transport.newGroup(0, "symmetric-http-io");
    workers = WorkerPool.create(config.workerThreads(), config.workerQueueMax());
    channels = new DefaultChannelGroup("symmetric-http", GlobalEventExecutor.INSTANCE);
    registerPoolGauges(registry);
    try {
      serverChannel =
          new ServerBootstrap()
              .group(acceptors, io)
              .channel(transport.serverChannel())
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new HttpChannelInitializer(
                      config,
                      new ConnectionLimiter(config.maxConnections(), channels),
                      sslContext(),
                      settings()))
              .bind(config.host(), config.port())
              .sync()
              .channel();
    } catch (Exception e) {
      releaseThreads();
      throw new IllegalStateException(
          "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    startedNanos = System.nanoTime();
    readiness.started();
    LOG.info(
        "node {} listening on {}:{} ({}, {})",
        config.nodeId(),
        config.host(),
        boundPort,
        transport,
        config.tls() ? "https" : "http");
    return this;
  }

  private ConnectionSettings settings() {
    List<dev.symmetric.http.Filter> filters = new ArrayList<>(config.filters());
    List<RouteSpec> routes = new ArrayList<>(config.routes());
    if (config.operationsEnabled()) {
      new OperationsService(this, registry).routing(new RouteCollector("", routes));
    }
    Authenticator authenticator = new Authenticator(config.users(), config.clusterSecretDigest());
    peerLane = config.clusterSecretDigest() == null ? null : new PeerLane(authenticator);
    dispatcher =
        new Dispatcher(
            new RouteTable(routes),
            workers,
            peerLane,
            config.nodeId(),
            registry,
            authenticator,
            filters);
    return new ConnectionSettings(
        dispatcher,
        new ResponseRenderer(config.objectMapper(), config.nodeId()),
        config.objectMapper(),
        inFlight,
        config.maxPipelinedRequests(),
        config.streamBufferBytesMax(),
        config.streamWriteTimeoutMillis(),
        config.tls(),
        drainSignal);
  }

  private SslContext sslContext() {
    if (!config.tls()) {
      return null;
    }
    try {
      return SslContextBuilder.forServer(
              config.tlsCertChainPem().toFile(), config.tlsKeyPem().toFile())
          .build();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot load the TLS certificate or key: " + e.getMessage(), e);
    }
  }

  private void registerPoolGauges(MeterRegistry meters) {
    ThreadPoolExecutor pool = workers;
    Gauge.builder("symmetric.http.workers.active", pool, ThreadPoolExecutor::getActiveCount)
        .description("blocking handlers running now")
        .register(meters);
    Gauge.builder("symmetric.http.workers.queued", pool, p -> p.getQueue().size())
        .description("blocking handlers waiting for a worker")
        .register(meters);
    Gauge.builder("symmetric.http.requests.in_flight", inFlight, InFlight::count)
        .description("requests received and not yet answered")
        .register(meters);
  }

  @Override
  public int port() {
    if (boundPort < 0) {
      throw new IllegalStateException("not started");
    }
    return boundPort;
  }

  @Override
  public String nodeId() {
    return config.nodeId();
  }

  String version() {
    return config.version();
  }

  long uptimeMillis() {
    long since = startedNanos == 0 ? createdNanos : startedNanos;
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  @Override
  public Readiness readiness() {
    return readiness;
  }

  @Override
  public MeterRegistry meterRegistry() {
    return registry;
  }

  @Override
  public synchronized void nodeInfo(String field, Supplier<?> value) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    if (field.equals("node") || field.equals("version") || field.equals("uptime_ms")) {
      throw new IllegalArgumentException("'" + field + "' is a built-in /_node field");
    }
    if (!nodeInfo.containsKey(field) && nodeInfo.size() >= MAX_NODE_FIELDS) {
      throw new IllegalStateException("at most " + MAX_NODE_FIELDS + " /_node fields");
    }
    nodeInfo.put(field, value);
  }

  synchronized Map<String, Supplier<?>> nodeInfoFields() {
    return new LinkedHashMap<>(nodeInfo);
  }

  @Override
  public void drain() {
    if (!drainStarted.compareAndSet(false, true)) {
      return;
    }
    LOG.info("node {} draining: {} requests in flight", config.nodeId(), inFlight.count());
    readiness.draining();
    drainSignal.startDraining();
    awaitDrainGrace();
    close();
    if (config.onDrained() != null) {
      try {
        config.onDrained().run();
      } catch (RuntimeException e) {
        LOG.error("the onDrained hook failed", e);
      }
    }
  }

  /**
   * Keeps accepting and serving while {@code /_up} already says draining, so a balancer that learns
   * only from its health checks stops sending requests here before the listener closes.
   */
  private void awaitDrainGrace() {
    long graceMillis = config.drainGraceMillis();
    if (graceMillis <= 0 || serverChannel == null) {
      return;
    }
    LOG.info(
        "node {} keeps serving for {} ms while balancers notice", config.nodeId(), graceMillis);
    try {
      graceCut.await(graceMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  DrainSignal drainSignal() {
    return drainSignal;
  }

  /** Drains on a fresh thread, so the request that asked for it can be answered first. */
  void drainInBackground() {
    Thread t = new Thread(this::drain, "symmetric-http-drain");
    t.setDaemon(false);
    t.start();
  }

  @Override
  public Thread drainOnJvmShutdown() {
    Thread hook = new Thread(this::drain, "symmetric-http-sigterm");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  @Override
  public void close() {
    graceCut.countDown(); // a close while a drain waits out its grace stops at once
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    readiness.draining();
    drainSignal.startDraining();
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(SHUTDOWN_STEP_MILLIS);
      drainSignal.endStreams();
      try {
        if (!inFlight.awaitIdle(config.drainTimeoutMillis())) {
          LOG.warn("closing with {} requests still in flight", inFlight.count());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      channels.close().awaitUninterruptibly(SHUTDOWN_STEP_MILLIS);
    }
    releaseThreads();
    LOG.info("node {} stopped", config.nodeId());
  }

  private void releaseThreads() {
    if (peerLane != null) {
      peerLane.shutdown(SHUTDOWN_STEP_MILLIS);
    }
    if (workers != null) {
      workers.shutdown();
      try {
        if (!workers.awaitTermination(SHUTDOWN_STEP_MILLIS, TimeUnit.MILLISECONDS)) {
          workers.shutdownNow();
        }
      } catch (InterruptedException e) {
        workers.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    for (EventLoopGroup group : new EventLoopGroup[] {acceptors, io}) {
      if (group != null) {
        group
            .shutdownGracefully(0, SHUTDOWN_STEP_MILLIS, TimeUnit.MILLISECONDS)
            .awaitUninterruptibly(SHUTDOWN_STEP_MILLIS);
      }
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
  }
}
