package dev.symmetric.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.PreconditionFailedException;
import dev.symmetric.core.Revision;
import dev.symmetric.core.internal.revtree.RevTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Turns a write into a {@link DocChange}: an edit checked against the current leaves ({@code
 * new_edits=true}), or a foreign revision history merged as it is ({@code new_edits=false}). Pure:
 * it reads the current state through its arguments and writes nothing.
 */
final class Editor {
  private Editor() {}

  /**
   * An edit: {@code input.rev()} must name a current leaf, or be absent when the document is new or
   * its winner is deleted.
   *
   * @param bodyOf reads the body of a revision of this document (for attachment stubs)
   */
  static DocChange edit(
      DocInput input,
      byte[] idBytes,
      DocRecord old,
      int revsLimit,
      boolean retainNonLeafBodies,
      BiFunction<String, Revision, byte[]> bodyOf) {
    RevTree tree = old == null ? RevTree.empty() : old.tree();
    Revision parent;
    if (tree.isEmpty()) {
      if (input.rev() != null) {
        throw new ConflictException();
      }
      parent = null;
    } else if (input.rev() == null) {
      RevTree.Leaf winner = tree.winner();
      if (!winner.deleted()) {
        throw new ConflictException();
      }
      parent = winner.rev();
    } else {
      if (!tree.isLeaf(input.rev())) {
        throw new ConflictException();
      }
      parent = input.rev();
    }
    ObjectNode body = input.body();
    if (input.attachments() != null) {
      body.set("_attachments", resolveStubs(input, parent, bodyOf));
    }
    byte[] bodyBytes = Json.toBytes(body);
    Revision rev = RevisionHasher.next(parent, input.deleted(), bodyBytes);
    if (tree.contains(rev)) {
      throw new ConflictException();
    }
    RevTree grown = tree.addChild(parent, rev, input.deleted()).stem(revsLimit);
    if (!grown.isLeaf(rev)) {
      // The same edit was made before and has descendants whose link to it outlived its
      // stemming: it is superseded, not new.
      throw new ConflictException();
    }
    List<Revision> drop = new ArrayList<>();
    if (parent != null && !retainNonLeafBodies) {
      drop.add(parent);
    }
    dropStemmed(tree, grown, drop);
    return new DocChange(
        input.id(), idBytes, old, grown, rev, Map.of(rev, bodyBytes), List.copyOf(drop));
  }

  /**
   * A revision from elsewhere with its history: merged into the tree without a conflict check.
   * Writing a revision the tree already holds changes nothing.
   */
  static DocChange merge(
      DocInput input, byte[] idBytes, DocRecord old, int revsLimit, boolean retainNonLeafBodies) {
    if (input.rev() == null) {
      throw new BadRequestException("Document revision is required with new_edits=false");
    }
    if (input.rev().generation() < 1) {
      throw new BadRequestException("Invalid rev format: generation must be at least 1");
    }
    List<Revision> path = input.revisions() != null ? input.revisions() : List.of(input.rev());
    ObjectNode body = input.body();
    if (input.attachments() != null) {
      for (JsonNode a : input.attachments()) {
        if (a.path("stub").asBoolean(false)) {
          throw new PreconditionFailedException(
              "missing_stub", "Attachment stubs cannot be replicated without their data");
        }
      }
    }
    RevTree tree = old == null ? RevTree.empty() : old.tree();
    // A revision's deletion flag is part of the edit that made it: one we hold already keeps its
    // flag, as CouchDB ignores revisions it has (else a replicated write could flip a live
    // revision into a tombstone without a new revision).
    boolean deleted =
        tree.contains(input.rev()) ? tree.node(input.rev()).deleted() : input.deleted();
    RevTree merged = tree.merge(RevTree.ofPath(path, deleted)).stem(revsLimit);
    if (merged.equals(tree)) {
      return new DocChange(input.id(), idBytes, old, null, input.rev(), Map.of(), List.of());
    }
    Map<Revision, byte[]> put = new LinkedHashMap<>();
    if (merged.contains(input.rev())
        && !tree.contains(input.rev())
        && (retainNonLeafBodies || merged.isLeaf(input.rev()))) {
      put.put(input.rev(), Json.toBytes(body));
    }
    List<Revision> drop = new ArrayList<>();
    if (!retainNonLeafBodies) {
      for (RevTree.Leaf leaf : tree.leaves()) {
        if (merged.contains(leaf.rev()) && !merged.isLeaf(leaf.rev())) {
          drop.add(leaf.rev());
        }
      }
    }
    dropStemmed(tree, merged, drop);
    return new DocChange(input.id(), idBytes, old, merged, input.rev(), put, List.copyOf(drop));
  }

  /**
   * Bodies of revisions stemmed out of the tree go too. The tree may have grown and been stemmed in
   * the same write, so its size says nothing: look at every revision it had.
   */
  private static void dropStemmed(RevTree before, RevTree after, List<Revision> drop) {
    Set<Revision> already = new HashSet<>(drop);
    for (RevTree.Node n : before.nodes()) {
      if (!after.contains(n.rev()) && already.add(n.rev())) {
        drop.add(n.rev());
      }
    }
  }

  /** Replaces {@code "stub": true} attachments with the parent revision's entries. */
  private static ObjectNode resolveStubs(
      DocInput input, Revision parent, BiFunction<String, Revision, byte[]> bodyOf) {
    ObjectNode atts = input.attachments();
    ObjectNode parentAtts = null;
    ObjectNode out = Json.MAPPER.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> it = atts.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode att = e.getValue();
      if (!att.isObject()) {
        throw new BadRequestException("doc_validation", "attachment entries must be objects");
      }
      if (!att.path("stub").asBoolean(false)) {
        out.set(e.getKey(), att);
        continue;
      }
      if (parentAtts == null) {
        byte[] parentBody = parent == null ? null : bodyOf.apply(input.id(), parent);
        JsonNode pa = parentBody == null ? null : Json.parseObject(parentBody).get("_attachments");
        parentAtts = pa instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
      }
      JsonNode previous = parentAtts.get(e.getKey());
      if (previous == null) {
        throw new PreconditionFailedException(
            "missing_stub", "Invalid attachment stub in " + input.id() + " for " + e.getKey());
      }
      out.set(e.getKey(), previous);
    }
    return out;
  }
}
