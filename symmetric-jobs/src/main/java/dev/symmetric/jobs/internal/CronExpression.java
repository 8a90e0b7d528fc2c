package dev.symmetric.jobs.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;

/**
 * A standard five-field cron expression (minute, hour, day of month, month, day of week) in a time
 * zone. Fields take {@code *}, numbers, ranges {@code a-b}, steps {@code /n} and lists; months and
 * days of week also take three-letter names; day of week 0 and 7 are Sunday. As in Vixie cron, when
 * both day fields are restricted a day matches if either does. A local time skipped by a daylight
 * saving gap fires shifted forward by the gap's length; a repeated one fires once, at the earlier
 * offset.
 */
public final class CronExpression {
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  /** Days searched forward before deciding an expression never fires (e.g. 30 February). */
  private static final int SEARCH_DAYS_MAX = 366 * 5;

  private final String text;
  private final ZoneId zone;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domRestricted;
  private final boolean dowRestricted;

  private CronExpression(String text, ZoneId zone, String[] f) {
    this.text = text;
    this.zone = zone;
    this.minutes = parse(f[0], 0, 59, null, "minute");
    this.hours = parse(f[1], 0, 23, null, "hour");
    this.daysOfMonth = parse(f[2], 1, 31, null, "day of month");
    this.months = parse(f[3], 1, 12, MONTHS, "month");
    BitSet dow = parse(f[4], 0, 7, DAYS, "day of week");
    if (dow.get(7)) {
      dow.set(0);
      dow.clear(7);
    }
    this.daysOfWeek = dow;
    this.domRestricted = !f[2].startsWith("*");
    this.dowRestricted = !f[4].startsWith("*");
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public static CronExpression parse(String text, ZoneId zone) {
    String[] f = text.trim().split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "a cron expression has 5 fields (minute hour day-of-month month day-of-week), got: "
              + text);
    }
    CronExpression c = new CronExpression(text.trim(), zone, f);
    if (c.next(Instant.EPOCH) == null) {
      throw new IllegalArgumentException("cron expression never fires: " + text);
    }
    return c;
  }

  @Override
  public String toString() {
    return text + " " + zone;
  }

  /** The first firing strictly after {@code after}, or null if none within five years. */
  public Instant next(Instant after) {
    LocalDateTime t =
        LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate day = t.toLocalDate();
    LocalTime from = t.toLocalTime();
    for (int i = 0; i < SEARCH_DAYS_MAX; i++) {
      if (dayMatches(day)) {
        for (int h = from.getHour(); h < 24; h = nextHour(h + 1)) {
          if (h < 0) {
            break;
          }
          if (!hours.get(h)) {
            continue;
          }
          int startMinute = h == from.getHour() ? from.getMinute() : 0;
          int m = minutes.nextSetBit(startMinute);
          if (m >= 0 && m < 60) {
            ZonedDateTime z = ZonedDateTime.ofLocal(day.atTime(h, m), zone, null);
            Instant at = z.toInstant();
            if (at.isAfter(after)) {
              return at;
            }
          }
        }
      }
      day = day.plusDays(1);
      from = LocalTime.MIDNIGHT;
    }
    return null;
  }

  /** The last firing at or before {@code at}, or null if none in the five years before. */
  public Instant latestAtOrBefore(Instant at) {
    long[] windowsMinutes = {60, 24 * 60, 32 * 24 * 60, 367 * 24 * 60, 5 * 367 * 24 * 60};
    for (long window : windowsMinutes) {
      Instant cursor = at.minus(window, ChronoUnit.MINUTES);
      Instant last = null;
      for (Instant n = next(cursor); n != null && !n.isAfter(at); n = next(n)) {
        last = n;
      }
      if (last != null) {
        return last;
      }
    }
    return null;
  }

  private int nextHour(int h) {
    return h > 23 ? -1 : hours.nextSetBit(h) > 23 ? -1 : hours.nextSetBit(h);
  }

  private boolean dayMatches(LocalDate d) {
    if (!months.get(d.getMonthValue())) {
      return false;
    }
    boolean dom = daysOfMonth.get(d.getDayOfMonth());
    boolean dow = daysOfWeek.get(d.getDayOfWeek().getValue() % 7);
    if (domRestricted && dowRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }

  private static BitSet parse(String field, int min, int max, String[] names, String what) {
    BitSet bits = new BitSet(max + 1);
    for (String part : field.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, max, null, what, part);
        range = part.substring(0, slash);
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else {
        int dash = range.indexOf('-');
        if (dash > 0) {
          lo = number(range.substring(0, dash), min, max, names, what, part);
          hi = number(range.substring(dash + 1), min, max, names, what, part);
        } else {
          lo = number(range, min, max, names, what, part);
          hi = slash >= 0 ? max : lo;
        }
        if (lo > hi) {
          throw new IllegalArgumentException(what + " range runs backwards: " + part);
        }
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, int min, int max, String[] names, String what, String part) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(s.toUpperCase(Locale.ROOT))) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    int v;
    try {
      v = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad " + what + " '" + part + "'");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", was " + part);
    }
    return v;
  }
}
