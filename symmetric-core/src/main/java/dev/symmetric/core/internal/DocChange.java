package dev.symmetric.core.internal;

import dev.symmetric.core.Revision;
import dev.symmetric.core.internal.revtree.RevTree;
import java.util.List;
import java.util.Map;

/**
 * One document's change, computed before anything is written: its new tree, the bodies to store and
 * the bodies to drop. {@code newTree == null} means the write changes nothing.
 */
record DocChange(
    String id,
    byte[] idBytes,
    DocRecord old,
    RevTree newTree,
    Revision rev,
    Map<Revision, byte[]> putBodies,
    List<Revision> dropBodies) {

  boolean isNoop() {
    return newTree == null;
  }
}
