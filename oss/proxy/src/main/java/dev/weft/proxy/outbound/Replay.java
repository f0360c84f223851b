package dev.weft.proxy.outbound;

import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What is kept of a request so that another try can send it again: its messages (HTTP/1 body
 * chunks, HTTP/2 frames) as retained views, while their bytes fit the limit. A request that
 * outgrows it is no longer replayable and what was kept is released. Confined to the request's
 * event loop; {@link #release} must be called when the request ends.
 *
 * @param <T> the message type; each kept one holds its own reference, released here
 */
public final class Replay<T> {
  private final int limit;
  private final UnaryOperator<T> copy;
  private final ArrayDeque<T> kept = new ArrayDeque<>(4);
  private int bytes;
  private boolean whole = true;

  /**
   * @param copy a new retained view of a kept message (a retry sends copies, keeping the kept ones
   *     for the next retry)
   */
  public Replay(int limit, UnaryOperator<T> copy) {
    this.limit = limit;
    this.copy = copy;
  }

  /**
   * Keeps {@code view}, a retained view of a message of {@code size} bytes made by the caller, or
   * releases it (and everything kept) once the request outgrew the limit.
   */
  public void keep(T view, int size) {
    if (!whole || bytes + size > limit) {
      whole = false;
      ReferenceCountUtil.release(view);
      release();
      return;
    }
    bytes += size;
    kept.add(view);
  }

  /** Whether everything the request sent so far is kept. */
  public boolean whole() {
    return whole;
  }

  /** Hands {@code sink} a fresh copy of every kept message, in order. */
  public void copies(Consumer<T> sink) {
    for (T m : kept) {
      sink.accept(copy.apply(m));
    }
  }

  /** Releases what is kept. */
  public void release() {
    for (T m; (m = kept.poll()) != null; ) {
      ReferenceCountUtil.release(m);
    }
  }
}
