package dev.symmetric.core.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Operations to apply atomically with {@link StorageEngine#write}. Engine independent, so the
 * document layer can build a batch without knowing the engine.
 *
 * <p>The batch keeps references to the arrays it is given: do not modify them after adding.
 */
public final class WriteBatch {

  /** Receives the operations of a batch in the order they were added. */
  public interface Visitor {
    void put(byte[] key, byte[] value);

    void delete(byte[] key);

    /** Deletes every key in {@code [from, to)}. */
    void deleteRange(byte[] from, byte[] to);
  }

  private enum Kind {
    PUT,
    DELETE,
    DELETE_RANGE
  }

  private record Op(Kind kind, byte[] a, byte[] b) {}

  private final List<Op> ops = new ArrayList<>();
  private long bytes;

  public WriteBatch put(byte[] key, byte[] value) {
    if (key == null || value == null) {
      throw new NullPointerException("key and value must not be null");
    }
    ops.add(new Op(Kind.PUT, key, value));
    bytes += key.length + value.length;
    return this;
  }

  // An Op's b is null only for DELETE, and forEach never reads b for a DELETE.
  @SuppressWarnings("NullAway")
  public WriteBatch delete(byte[] key) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    ops.add(new Op(Kind.DELETE, key, null));
    bytes += key.length;
    return this;
  }

  /**
   * Deletes every key {@code k} with {@code from <= k < to}. A range whose {@code from} is not
   * below {@code to} deletes nothing.
   */
  public WriteBatch deleteRange(byte[] from, byte[] to) {
    if (from == null || to == null) {
      throw new NullPointerException("range bounds must not be null");
    }
    ops.add(new Op(Kind.DELETE_RANGE, from, to));
    bytes += from.length + to.length;
    return this;
  }

  /** Appends every operation of {@code other} to this batch. */
  public WriteBatch addAll(WriteBatch other) {
    ops.addAll(other.ops);
    bytes += other.bytes;
    return this;
  }

  public void forEach(Visitor visitor) {
    for (Op op : ops) {
      switch (op.kind) {
        case PUT -> visitor.put(op.a, op.b);
        case DELETE -> visitor.delete(op.a);
        case DELETE_RANGE -> visitor.deleteRange(op.a, op.b);
      }
    }
  }

  public int size() {
    return ops.size();
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /** The sum of key and value lengths, for sizing group commits. */
  public long approximateBytes() {
    return bytes;
  }
}
