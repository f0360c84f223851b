package dev.weft.controlplane.identity.ca;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The CA snapshot in force. Writers (local state, Kubernetes watches) publish whole snapshots;
 * Certify reads the current one without locking.
 */
public final class CaHolder {
  private final AtomicReference<CaSnapshot> current = new AtomicReference<>();
  private final List<Consumer<CaSnapshot>> listeners = new CopyOnWriteArrayList<>();

  public Optional<CaSnapshot> current() {
    return Optional.ofNullable(current.get());
  }

  public void publish(CaSnapshot snapshot) {
    current.set(snapshot);
    listeners.forEach(listener -> listener.accept(snapshot));
  }

  /** Calls {@code listener} with every snapshot published from now on (and the current one). */
  public void subscribe(Consumer<CaSnapshot> listener) {
    listeners.add(listener);
    current().ifPresent(listener);
  }
}
