package dev.weft.spi.balancer;

import java.util.random.RandomGenerator;

/**
 * What the proxy gives a {@link Balancer}: where to publish pickers, and the clock and randomness
 * to use, so that tests drive time and chance by hand. Thread-safe.
 */
public interface BalancerContext {
  /**
   * Makes {@code picker} the one the request path reads from now on. Called from {@link
   * Balancer#update} (and, if a balancer needs it, from its own timers); the latest call wins.
   */
  void publish(Picker picker);

  /** The service balanced, as its name appears in discovery ({@code books.demo.svc...:80}). */
  String service();

  /** The zone of the proxy itself, or empty when it is not configured. */
  String localZone();

  /** Nanoseconds from an arbitrary origin, monotonic, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Randomness safe to use from any thread at once. */
  RandomGenerator random();
}
