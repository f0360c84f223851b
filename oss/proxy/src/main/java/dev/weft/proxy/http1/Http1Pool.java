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

  private final ArrayDeque<Channel> idle = new ArrayDeque<>();
  private final ArrayDeque<Long> since = new ArrayDeque<>();
  private final long idleTimeoutNanos;
  private boolean sweeping;
  private final EventLoop loop;

  Http1Pool(EventLoop loop, long idleTimeoutNanos) {
    this.loop = loop;
    this.idleTimeoutNanos = idleTimeoutNanos;
  }

  /** The most recently used live idle connection, or {@code null}. */
  Channel poll() {
    Channel ch;
    while ((ch = idle.pollLast()) != null) {
      since.pollLast();
      if (ch.isActive()) {
        return ch;
      }
    }
    return null;
  }

  /** Keeps a connection for reuse, or closes it when the pool is full. */
  void offer(Channel ch) {
    if (!ch.isActive()) {
      return;
    }
    if (idle.size() >= MAX_IDLE) {
      ch.close();
      return;
    }
    idle.addLast(ch);
    since.addLast(System.nanoTime());
    if (!sweeping) {
      sweeping = true;
      loop.schedule(this::sweep, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Forgets a connection that closed while idle. */
  void remove(Channel ch) {
    var it = idle.iterator();
    var st = since.iterator();
    while (it.hasNext()) {
      st.next();
      if (it.next() == ch) {
        it.remove();
        st.remove();
        return;
      }
    }
  }

  /** Closes every idle connection, for shutdown. */
  void closeAll() {
    for (Channel ch; (ch = idle.pollFirst()) != null; ) {
      ch.close();
    }
    since.clear();
  }

  private void sweep() {
    long now = System.nanoTime();
    while (!idle.isEmpty() && now - since.peekFirst() >= idleTimeoutNanos) {
      since.pollFirst();
      idle.pollFirst().close();
    }
    if (idle.isEmpty()) {
      sweeping = false;
    } else {
      loop.schedule(this::sweep, idleTimeoutNanos - (now - since.peekFirst()), TimeUnit.NANOSECONDS);
    }
  }

  int size() {
    return idle.size();
  }
}
