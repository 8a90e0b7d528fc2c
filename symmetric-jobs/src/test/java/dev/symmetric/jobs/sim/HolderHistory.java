package dev.symmetric.jobs.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every interval of true time in which some node believed it held a key, and the checks a correct
 * protocol passes: no two claims of one key overlap, and a later claim has a larger token.
 */
final class HolderHistory {
  /** {@code [startMillis, endMillis)} in true time. */
  record Interval(String key, long token, String holder, long startMillis, long endMillis) {}

  private final List<Interval> intervals = new ArrayList<>();

  void add(Interval i) {
    if (i.endMillis() > i.startMillis()) {
      intervals.add(i);
    }
  }

  /** The holder stopped at {@code atMillis}: its intervals of this claim end there. */
  void truncate(String key, long token, String holder, long atMillis) {
    for (int i = 0; i < intervals.size(); i++) {
      Interval x = intervals.get(i);
      if (x.key().equals(key)
          && x.token() == token
          && x.holder().equals(holder)
          && x.endMillis() > atMillis) {
        intervals.set(
            i,
            new Interval(key, token, holder, x.startMillis(), Math.max(x.startMillis(), atMillis)));
      }
    }
  }

  int size() {
    return intervals.size();
  }

  /** The first violation found, or null. */
  String violation() {
    Map<String, List<Interval>> byKey = new TreeMap<>();
    for (Interval i : intervals) {
      byKey.computeIfAbsent(i.key(), k -> new ArrayList<>()).add(i);
    }
    for (List<Interval> list : byKey.values()) {
      list.sort(Comparator.comparingLong(Interval::startMillis));
      for (int a = 0; a < list.size(); a++) {
        for (int b = a + 1; b < list.size(); b++) {
          Interval x = list.get(a);
          Interval y = list.get(b);
          if (x.token() == y.token()) {
            if (!x.holder().equals(y.holder())) {
              return "token " + x.token() + " granted to two holders: " + x + " and " + y;
            }
            continue; // a renewal
          }
          if (y.startMillis() < x.endMillis()) {
            return "overlapping holders: " + x + " and " + y;
          }
          if (y.token() < x.token()) {
            return "token went backwards: " + x + " then " + y;
          }
        }
      }
    }
    return null;
  }
}
