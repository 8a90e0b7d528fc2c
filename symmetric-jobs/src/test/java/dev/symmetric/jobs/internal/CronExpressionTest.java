package dev.symmetric.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static Instant berlin(String local) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(local), BERLIN).toInstant();
  }

  @Test
  void dailyAtThreeInItsZone() {
    CronExpression c = CronExpression.parse("0 3 * * *", BERLIN);
    assertThat(c.next(berlin("2030-01-01T03:00"))).isEqualTo(berlin("2030-01-02T03:00"));
    assertThat(c.latestAtOrBefore(berlin("2030-01-02T02:59")))
        .isEqualTo(berlin("2030-01-01T03:00"));
  }

  @Test
  void stepsRangesListsAndNames() {
    CronExpression c = CronExpression.parse("*/15 9-17 * * MON-FRI", BERLIN);
    // 2030-01-05 is a Saturday: the next firing is Monday 09:00.
    assertThat(c.next(berlin("2030-01-04T17:45"))).isEqualTo(berlin("2030-01-07T09:00"));
    assertThat(c.next(berlin("2030-01-07T09:00"))).isEqualTo(berlin("2030-01-07T09:15"));
  }

  @Test
  void eitherDayFieldMatchesWhenBothAreRestricted() {
    CronExpression c = CronExpression.parse("0 0 13 * 5", ZoneId.of("UTC"));
    // 2030-01-04 is a Friday, before the 13th.
    assertThat(c.next(Instant.parse("2030-01-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2030-01-04T00:00:00Z"));
  }

  @Test
  void aTimeInTheSpringGapIsShiftedAndARepeatedOneFiresOnce() {
    CronExpression c = CronExpression.parse("30 2 * * *", BERLIN);
    // 2030-03-31 02:30 does not exist in Berlin; it fires at 03:30 summer time.
    assertThat(c.next(berlin("2030-03-30T03:00"))).isEqualTo(berlin("2030-03-31T03:30"));
    // 2030-10-27 02:30 happens twice; only the first counts.
    Instant first = c.next(berlin("2030-10-26T03:00"));
    assertThat(c.next(first)).isEqualTo(berlin("2030-10-28T02:30"));
  }

  @Test
  void badFieldsAreNamed() {
    assertThatThrownBy(() -> CronExpression.parse("61 * * * *", BERLIN))
        .hasMessageContaining("minute");
    assertThatThrownBy(() -> CronExpression.parse("* * *", BERLIN))
        .hasMessageContaining("5 fields");
    assertThatThrownBy(() -> CronExpression.parse("0 0 30 2 *", BERLIN))
        .hasMessageContaining("never fires");
  }
}
