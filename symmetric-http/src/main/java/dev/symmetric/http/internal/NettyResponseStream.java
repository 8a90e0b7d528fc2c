package dev.symmetric.http.internal;

import dev.symmetric.http.ResponseStream;
import dev.symmetric.http.StreamClosedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A chunked body written from any thread. Each call hops to the connection's I/O thread, where
 * chunks wait until this response is at the head of the pipeline and are then written in order.
 * Bytes not yet on the wire are bounded: a writer ahead of a slow client waits, and after the write
 * timeout the connection is closed.
 */
final class NettyResponseStream implements ResponseStream {
  private final ChannelHandlerContext ctx;
  private final long bufferBytesMax;
  private final long writeTimeoutMillis;
  private final Consumer<NettyResponseStream> onEnded;
  private final DrainSignal drain;
  private final Runnable drainHook = this::drained;
  private final List<Runnable> drainActions = new ArrayList<>(); // guarded by itself
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object capacity = new Object();
  private final List<Runnable> disconnectActions = new ArrayList<>();
  private volatile boolean disconnected;
  private long pendingBytes; // guarded by capacity

  // Touched only on the I/O thread.
  private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
  private boolean attached;
  private boolean closeRequested;
  private boolean ended;

  NettyResponseStream(
      ChannelHandlerContext ctx,
      long bufferBytesMax,
      long writeTimeoutMillis,
      Consumer<NettyResponseStream> onEnded,
      DrainSignal drain) {
    this.ctx = ctx;
    this.drain = drain;
    this.bufferBytesMax = bufferBytesMax;
    this.writeTimeoutMillis = writeTimeoutMillis;
    this.onEnded = onEnded;
  }

  @Override
  public void write(String text) {
    write(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
  }

  @Override
  public void write(byte[] bytes) {
    write(Unpooled.copiedBuffer(bytes));
  }

  private void write(ByteBuf chunk) {
    if (!isOpen() || !ctx.channel().isActive()) {
      chunk.release();
      throw new StreamClosedException(disconnected ? "the client disconnected" : "stream closed");
    }
    int size = chunk.readableBytes();
    if (size == 0) {
      chunk.release();
      return;
    }
    awaitCapacity(size);
    ctx.executor().execute(() -> onChunk(chunk, size));
  }

  private void awaitCapacity(int size) {
    boolean mayBlock = !ctx.executor().inEventLoop();
    synchronized (capacity) {
      long deadline = System.nanoTime() + writeTimeoutMillis * 1_000_000L;
      while (mayBlock && pendingBytes > 0 && pendingBytes + size > bufferBytesMax) {
        long leftMillis = (deadline - System.nanoTime()) / 1_000_000L;
        if (disconnected) {
          throw new StreamClosedException("the client disconnected");
        }
        if (leftMillis <= 0) {
          ctx.channel().close();
          throw new StreamClosedException(
              "the client did not read for " + writeTimeoutMillis + " ms");
        }
        try {
          capacity.wait(leftMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StreamClosedException("interrupted while waiting for the client");
        }
      }
      pendingBytes += size;
    }
  }

  /**
   * A chunk left the buffer. A failed write means the connection is gone: say so at once, or a
   * writer whose writes fail instantly would spin through its data before the close is noticed.
   */
  private void written(boolean success, int size) {
    released(size);
    if (!success) {
      disconnected();
    }
  }

  private void released(int size) {
    synchronized (capacity) {
      pendingBytes -= size;
      capacity.notifyAll();
    }
  }

  @Override
  public void flush() {
    if (isOpen()) {
      ctx.executor().execute(this::onFlush);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ctx.executor().execute(this::onClose);
    }
  }

  @Override
  public boolean isOpen() {
    return !closed.get() && !disconnected;
  }

  @Override
  public void onDisconnect(Runnable action) {
    boolean runNow;
    synchronized (disconnectActions) {
      runNow = disconnected;
      if (!runNow) {
        disconnectActions.add(action);
      }
    }
    if (runNow) {
      action.run();
    }
  }

  @Override
  public void onDrain(Runnable action) {
    boolean first;
    synchronized (drainActions) {
      first = drainActions.isEmpty();
      drainActions.add(action);
    }
    if (first) {
      drain.onEnd(drainHook);
      if (!isOpen()) {
        drain.forget(drainHook); // it ended meanwhile: keep no reference to it
      }
    }
  }

  private void drained() {
    List<Runnable> actions;
    synchronized (drainActions) {
      actions = List.copyOf(drainActions);
    }
    actions.forEach(Runnable::run);
  }

  private void onChunk(ByteBuf chunk, int size) {
    if (disconnected || ended) {
      chunk.release();
      released(size);
    } else if (!attached) {
      waiting.add(chunk);
    } else {
      ctx.write(new DefaultHttpContent(chunk)).addListener(f -> written(f.isSuccess(), size));
    }
  }

  private void onFlush() {
    if (attached && !ended) {
      ctx.flush();
    }
  }

  private void onClose() {
    closeRequested = true;
    if (attached) {
      end();
    }
  }

  /** Called on the I/O thread once the response head was written. */
  void attach() {
    attached = true;
    while (!waiting.isEmpty()) {
      ByteBuf chunk = waiting.poll();
      int size = chunk.readableBytes();
      ctx.write(new DefaultHttpContent(chunk)).addListener(f -> written(f.isSuccess(), size));
    }
    if (closeRequested) {
      end();
    } else {
      ctx.flush();
    }
  }

  private void end() {
    if (ended || disconnected) {
      return;
    }
    ended = true;
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  drain.forget(drainHook);
                  onEnded.accept(this);
                });
  }

  /** Called on the I/O thread when the connection closed. */
  void disconnected() {
    if (disconnected) {
      return;
    }
    List<Runnable> actions;
    synchronized (disconnectActions) {
      disconnected = true;
      actions = closed.get() && ended ? List.of() : new ArrayList<>(disconnectActions);
      disconnectActions.clear();
    }
    while (!waiting.isEmpty()) {
      ByteBuf chunk = waiting.poll();
      released(chunk.readableBytes());
      chunk.release();
    }
    synchronized (capacity) {
      capacity.notifyAll();
    }
    drain.forget(drainHook);
    actions.forEach(Runnable::run);
  }

  boolean ended() {
    return ended;
  }
}
