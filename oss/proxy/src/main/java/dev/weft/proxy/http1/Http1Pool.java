package dev.weft.proxy.http1;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections to one target, owned by one event loop: every method runs on that
 * loop, so it needs no locks. Connections idle longer than the idle timeout are closed by a sweep.
 */
final class Http1Pool {
  private static final int MAX_IDLE = 256;

  /** Oldest first; each connection's handler remembers since when it is idle. */
  private final ArrayDeque<Http1UpstreamHandler> idle = new ArrayDeque<>();

  private final long idleTimeoutNanos;
  private final EventLoop loop;
  private boolean sweeping;

  Http1Pool(EventLoop loop, long idleTimeoutNanos) {
    this.loop = loop;
    this.idleTimeoutNanos = idleTimeoutNanos;
  }

  /** The most recently used live idle connection, or {@code null}. */
  Channel poll() {
    Http1UpstreamHandler h;
    while ((h = idle.pollLast()) != null) {
      if (h.channel().isActive()) {
        return h.channel();
      }
    }
    return null;
  }

  /** Keeps a connection for reuse, or closes it when the pool is full. */
  void offer(Http1UpstreamHandler h) {
    if (!h.channel().isActive()) {
      return;
    }
    if (idle.size() >= MAX_IDLE) {
      h.channel().close();
      return;
    }
    h.idleSince = System.nanoTime();
    idle.addLast(h);
    if (!sweeping) {
      sweeping = true;
      loop.schedule(this::sweep, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Forgets a connection that closed while idle. */
  void remove(Http1UpstreamHandler h) {
    idle.remove(h);
  }

  /** Closes every idle connection, for shutdown. */
  void closeAll() {
    for (Http1UpstreamHandler h; (h = idle.pollFirst()) != null; ) {
      h.channel().close();
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    while (!idle.isEmpty() && now - idle.peekFirst().idleSince >= idleTimeoutNanos) {
      idle.pollFirst().channel().close();
    }
    if (idle.isEmpty()) {
      sweeping = false;
    } else {
      loop.schedule(
          this::sweep, idleTimeoutNanos - (now - idle.peekFirst().idleSince), TimeUnit.NANOSECONDS);
    }
  }

  int size() {
    return idle.size();
  }
}
