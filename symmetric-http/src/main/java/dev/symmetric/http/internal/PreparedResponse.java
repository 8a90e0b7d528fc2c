package dev.symmetric.http.internal;

import io.netty.handler.codec.http.HttpResponse;

/**
 * A response ready for the wire, waiting for its turn in the pipeline: either a full response or a
 * head followed by a stream.
 */
final class PreparedResponse {
  final long seq;
  final HttpResponse message;
  final NettyResponseStream stream;
  final boolean keepAlive;
  private boolean finished;

  PreparedResponse(long seq, HttpResponse message, NettyResponseStream stream, boolean keepAlive) {
    this.seq = seq;
    this.message = message;
    this.stream = stream;
    this.keepAlive = keepAlive;
  }

  /** True the first time only, so each response ends its request's in-flight count once. */
  boolean finish() {
    if (finished) {
      return false;
    }
    finished = true;
    return true;
  }
}
