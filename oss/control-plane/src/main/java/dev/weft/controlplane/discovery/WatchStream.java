package dev.weft.controlplane.discovery;

import dev.weft.api.destination.v1.Update;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One proxy's Watch of one service.
 *
 * <p>Flow control: updates are produced only while the call {@link
 * ServerCallStreamObserver#isReady() is ready}. Meanwhile changes only set a flag; when the call is
 * ready again it is sent one diff from what it last received to the newest snapshot. So a slow
 * proxy costs one remembered snapshot, however many changes it missed, and never a queue.
 *
 * <p>Every send happens under this object's lock: gRPC's observer is not thread-safe, and both the
 * call's onReady callback and the source's changes (through {@code executor}) drain.
 */
final class WatchStream {
  private final ServiceName name;
  private final DiscoveryIndex index;
  private final DefaultBalancers balancers;
  private final ServerCallStreamObserver<Update> call;
  private final DiscoveryMetrics metrics;
  private final Executor executor;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile boolean dirty = true;
  private boolean started;
  private boolean closed;
  private ServiceSnapshot sent;
  private DiscoveryIndex.Subscription subscription;

  WatchStream(
      ServiceName name,
      DiscoveryIndex index,
      DefaultBalancers balancers,
      ServerCallStreamObserver<Update> call,
      DiscoveryMetrics metrics,
      Executor executor) {
    this.name = name;
    this.index = index;
    this.balancers = balancers;
    this.call = call;
    this.metrics = metrics;
    this.executor = executor;
  }

  void start() {
    metrics.watchOpened();
    call.setOnCancelHandler(this::close);
    call.setOnReadyHandler(this::drain);
    synchronized (this) {
      subscription = index.subscribe(name, this::changed);
    }
    drain();
  }

  private void changed() {
    dirty = true;
    if (drainScheduled.compareAndSet(false, true)) {
      executor.execute(() -> {
        drainScheduled.set(false);
        drain();
      });
    }
  }

  private synchronized void drain() {
    while (!closed && dirty && call.isReady()) {
      dirty = false;
      // What was sent is kept as sent, default balancer included, so the next diff also tells
      // whether the choice changed.
      ServiceSnapshot current = balancers.apply(index.get(name));
      List<Update> updates;
      if (!started) {
        updates = SnapshotDiff.initial(current, index.absenceReason(name));
        started = true;
      } else {
        updates = SnapshotDiff.between(sent, current, index.absenceReason(name));
      }
      sent = current;
      for (Update update : updates) {
        call.onNext(update);
        metrics.sent(update);
      }
    }
  }

  private synchronized void close() {
    if (!closed) {
      closed = true;
      subscription.close();
      metrics.watchClosed();
    }
  }
}
