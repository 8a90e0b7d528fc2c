package dev.symmetric.jobs;

import dev.symmetric.jobs.internal.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a recurring job fires. Each firing is a slot, named by its wall-clock instant; every node
 * computes the same slots from the same schedule, so they agree on what to run without talking.
 */
public interface Schedule {

  /** The last slot at or before {@code at}, or null if none. */
  Instant latestAtOrBefore(Instant at);

  /** The first slot strictly after {@code after}, or null if none. */
  Instant nextAfter(Instant after);

  /**
   * A five-field cron expression ({@code minute hour day-of-month month day-of-week}) in {@code
   * zone}, e.g. {@code cron("0 3 * * *", ZoneId.of("Europe/Berlin"))} for 03:00 Berlin time.
   *
   * @throws IllegalArgumentException naming the field that does not parse
   */
  static Schedule cron(String expression, ZoneId zone) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(zone, "zone");
    CronExpression cron = CronExpression.parse(expression, zone);
    return new Schedule() {
      @Override
      public Instant latestAtOrBefore(Instant at) {
        return cron.latestAtOrBefore(at);
      }

      @Override
      public Instant nextAfter(Instant after) {
        return cron.next(after);
      }

      @Override
      public String toString() {
        return "cron " + cron;
      }
    };
  }

  /** Every {@code period}, aligned to the Unix epoch so all nodes agree; at least 100 ms. */
  static Schedule fixedRate(Duration period) {
    long millis = period.toMillis();
    if (millis < 100 || millis > Duration.ofDays(366).toMillis()) {
      throw new IllegalArgumentException("a fixed rate is 100 ms .. 366 days, was " + period);
    }
    return new Schedule() {
      @Override
      public Instant latestAtOrBefore(Instant at) {
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), millis) * millis);
      }

      @Override
      public Instant nextAfter(Instant after) {
        return Instant.ofEpochMilli((Math.floorDiv(after.toEpochMilli(), millis) + 1) * millis);
      }

      @Override
      public String toString() {
        return "every " + millis + " ms";
      }
    };
  }
}
