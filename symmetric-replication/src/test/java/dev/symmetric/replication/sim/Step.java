package dev.symmetric.replication.sim;

/**
 * One thing that happens to a simulated cluster. Steps name nodes and documents by number and are
 * read against the cluster's state when they run (an update of a document a node lacks creates it),
 * so any list of steps is a valid schedule, and a shrunk one still is.
 */
public sealed interface Step {

  /** A client writes {@code doc} on {@code node}: a new document, or over the current winner. */
  record Put(int node, int doc, int value) implements Step {
    @Override
    public String toString() {
      return "put n" + node + " doc" + doc + " v=" + value;
    }
  }

  /** A client deletes the current winner of {@code doc} on {@code node}, if there is one. */
  record Delete(int node, int doc) implements Step {
    @Override
    public String toString() {
      return "delete n" + node + " doc" + doc;
    }
  }

  /**
   * Two clients edit the same revision of {@code doc} on two nodes, with different values (both
   * create it identically first when it is new, as replication would have).
   */
  record ConcurrentEdit(int nodeA, int nodeB, int doc, int value) implements Step {
    @Override
    public String toString() {
      return "concurrent edit n" + nodeA + "+n" + nodeB + " doc" + doc + " v=" + value;
    }
  }

  /**
   * A conflicting branch on top of the winner, written as a replicator writes ({@code
   * new_edits=false}).
   */
  record Branch(int node, int doc, int tag) implements Step {
    @Override
    public String toString() {
      return "replicated branch n" + node + " doc" + doc + " tag=" + tag;
    }
  }

  /** Splits the nodes in two by the bits of {@code mask}; {@code oneWay}: only towards the side. */
  record Partition(int mask, boolean oneWay) implements Step {
    @Override
    public String toString() {
      return "partition mask=" + Integer.toBinaryString(mask) + (oneWay ? " one-way" : "");
    }
  }

  /** Loses one kind of call from one node to another (requests, or replies). */
  record Filter(String verb, int from, int to, boolean replies) implements Step {
    @Override
    public String toString() {
      return "filter " + verb + " n" + from + "->n" + to + (replies ? " replies" : " requests");
    }
  }

  /** Restores every link and removes every filter. */
  record Heal() implements Step {
    @Override
    public String toString() {
      return "heal";
    }
  }

  /** Stops {@code node} in order, or kills it, and starts it again over the same storage. */
  record Restart(int node, boolean crash) implements Step {
    @Override
    public String toString() {
      return (crash ? "crash " : "restart ") + "n" + node;
    }
  }

  /** Lets virtual time pass. */
  record Advance(int millis) implements Step {
    @Override
    public String toString() {
      return "advance " + millis + "ms";
    }
  }
}
