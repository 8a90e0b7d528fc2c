package dev.symmetric.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.symmetric.core.BadRequestException;
import dev.symmetric.core.ConflictException;
import dev.symmetric.core.Revision;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Local documents: no revision tree, no sequence, never replicated. Stored as their revision
 * counter {@code N} of {@code 0-N} followed by the body.
 */
final class LocalDocs {
  private LocalDocs() {}

  static byte[] encode(int counter, byte[] body) {
    return ByteBuffer.allocate(4 + body.length).putInt(counter).put(body).array();
  }

  static int counter(byte[] stored) {
    return ByteBuffer.wrap(stored, 0, 4).getInt();
  }

  static byte[] body(byte[] stored) {
    return Arrays.copyOfRange(stored, 4, stored.length);
  }

  static Revision rev(int counter) {
    return new Revision(0, Integer.toString(counter));
  }

  /** The JSON CouchDB returns for a local document. */
  static ObjectNode toJson(String fullId, byte[] stored) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("_id", fullId);
    out.put("_rev", rev(counter(stored)).toString());
    out.setAll(Json.parseObject(body(stored)));
    return out;
  }

  /**
   * The counter a write creates: {@code current + 1} when the write's revision matches {@code
   * current}. With {@code check == false} (replicated writes) any revision is accepted.
   */
  static int nextCounter(byte[] current, Revision given, boolean check) {
    int now = current == null ? 0 : counter(current);
    if (check) {
      if (current == null ? given != null : given == null || !given.equals(rev(now))) {
        throw new ConflictException();
      }
    }
    if (given != null && given.generation() != 0) {
      throw new BadRequestException("Invalid rev format: local document revisions are 0-N");
    }
    return now + 1;
  }
}
