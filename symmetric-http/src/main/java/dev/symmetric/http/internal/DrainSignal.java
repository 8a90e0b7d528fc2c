package dev.symmetric.http.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a draining server tells its connections and long-lived responses. Draining first: every
 * answer asks its client to close the connection, so keep-alive clients reconnect through the
 * balancer while the node still accepts. Ending next, once the listener is closed: feeds end
 * cleanly instead of holding the drain until their own timeouts.
 */
final class DrainSignal {
  private final Set<Runnable> endActions = new LinkedHashSet<>();
  private volatile boolean draining;
  private boolean ending; // guarded by this

  boolean draining() {
    return draining;
  }

  void startDraining() {
    draining = true;
  }

  /** Runs {@code action} when streams must end, or at once if they already must. */
  void onEnd(Runnable action) {
    synchronized (this) {
      if (!ending) {
        endActions.add(action);
        return;
      }
    }
    action.run();
  }

  /** Forgets {@code action}: its stream ended on its own. */
  synchronized void forget(Runnable action) {
    endActions.remove(action);
  }

  /** How many streams wait to be ended. */
  synchronized int registered() {
    return endActions.size();
  }

  /** Ends every registered stream; later registrations run at once. */
  void endStreams() {
    List<Runnable> actions;
    synchronized (this) {
      draining = true;
      ending = true;
      actions = List.copyOf(endActions);
      endActions.clear();
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        // One stream failing to end must not keep the others open; the drain closes it anyway.
      }
    }
  }
}
