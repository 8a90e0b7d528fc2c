package dev.symmetric.http.internal;

import dev.symmetric.http.Readiness;
import dev.symmetric.http.ReadinessCheck;
import dev.symmetric.http.ReadinessStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composite readiness behind {@code /_up}: lifecycle first, then the named checks. */
public final class ReadinessRegistry implements Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessRegistry.class);
  static final int MAX_CHECKS = 64;

  private final Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
  private volatile ReadinessStatus lifecycle = ReadinessStatus.STARTING;

  void started() {
    if (lifecycle == ReadinessStatus.STARTING) {
      lifecycle = ReadinessStatus.READY;
    }
  }

  void draining() {
    lifecycle = ReadinessStatus.DRAINING;
  }

  @Override
  public synchronized void add(String name, ReadinessCheck check) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
    if (!checks.containsKey(name) && checks.size() >= MAX_CHECKS) {
      throw new IllegalStateException("at most " + MAX_CHECKS + " readiness checks");
    }
    checks.put(name, check);
  }

  @Override
  public synchronized void remove(String name) {
    checks.remove(name);
  }

  @Override
  public ReadinessStatus status() {
    if (lifecycle != ReadinessStatus.READY) {
      return lifecycle;
    }
    for (ReadinessStatus s : checks().values()) {
      if (s != ReadinessStatus.READY) {
        return s;
      }
    }
    return ReadinessStatus.READY;
  }

  @Override
  public Map<String, ReadinessStatus> checks() {
    Map<String, ReadinessCheck> copy;
    synchronized (this) {
      copy = new LinkedHashMap<>(checks);
    }
    Map<String, ReadinessStatus> result = new LinkedHashMap<>();
    copy.forEach((name, check) -> result.put(name, safeStatus(name, check)));
    return result;
  }

  private static ReadinessStatus safeStatus(String name, ReadinessCheck check) {
    try {
      ReadinessStatus s = check.status();
      return s == null ? ReadinessStatus.STARTING : s;
    } catch (RuntimeException e) {
      LOG.warn("readiness check {} failed; reporting not ready", name, e);
      return ReadinessStatus.STARTING;
    }
  }
}
