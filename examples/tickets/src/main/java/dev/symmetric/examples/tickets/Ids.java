package dev.symmetric.examples.tickets;

import dev.symmetric.http.HttpException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The ids of the service's documents and claims. A hold and the booking made from it share one id,
 * {@code <event>:<seat>:<token>}: the token of the seat's claim makes it unique cluster-wide, and a
 * node that learns a seat was sold under token {@code t} finds the booking without a query.
 */
final class Ids {
  static final Pattern EVENT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");
  static final Pattern SEAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,15}");
  static final Pattern CUSTOMER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern HOLD =
      Pattern.compile(
          "([a-z0-9][a-z0-9_-]{0,47}):([A-Za-z0-9][A-Za-z0-9_-]{0,15}):([1-9][0-9]{0,18})");

  /** A parsed hold (and booking) id. */
  record HoldId(String event, String seat, long token) {
    @Override
    public String toString() {
      return event + ":" + seat + ":" + token;
    }

    /** The claim every hold of this seat takes. */
    String seatKey() {
      return Ids.seatKey(event, seat);
    }
  }

  private Ids() {}

  static String seatKey(String event, String seat) {
    return "tickets/seat/" + event + "/" + seat;
  }

  static HoldId hold(String event, String seat, long token) {
    return new HoldId(event, seat, token);
  }

  /** Parses a hold or booking id; a 404 when it cannot name one. */
  static HoldId parseHold(String id) {
    var m = HOLD.matcher(id);
    if (!m.matches()) {
      throw HttpException.notFound("no hold or booking has the id " + id);
    }
    try {
      return new HoldId(m.group(1), m.group(2), Long.parseLong(m.group(3)));
    } catch (NumberFormatException e) {
      throw HttpException.notFound("no hold or booking has the id " + id);
    }
  }

  static String check(Pattern pattern, String what, String value) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw HttpException.badRequest(what + " must match " + pattern.pattern() + ", was " + value);
    }
    return value;
  }

  /** Which of {@code shards} a document belongs to: stable across nodes and restarts. */
  static int shard(String id, int shards) {
    CRC32 crc = new CRC32();
    crc.update(id.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shards);
  }
}
