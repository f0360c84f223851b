package dev.weft.spi.balancer;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
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

  /**
   * A new balancer of the proxy's default kind ({@code p2c-peak-ewma}, default configuration) that
   * publishes its pickers to {@code publish} instead of to the proxy, and uses this context's clock
   * and randomness. For balancers that decide which endpoints may take traffic and leave the choice
   * among them to the same latency-aware rule as the open-source balancer: they hand it the subset
   * with {@link Balancer#update} and wrap the pickers it publishes. The caller closes it.
   *
   * @throws UnsupportedOperationException when the proxy offers none (test contexts)
   */
  default Balancer newDefaultBalancer(Consumer<Picker> publish) {
    throw new UnsupportedOperationException("this context has no default balancer");
  }

  /**
   * Registers a gauge the proxy exports with its metrics, labelled {@code dst_service} (this
   * service) and {@code balancer} (the provider's name) besides {@code labels}; it is removed when
   * the balancer is closed or replaced. Registering the same name and labels again replaces the
   * value read.
   *
   * @param name Prometheus name, {@code snake_case}, starting with {@code weft_}
   * @param help one line for the metric's HELP text
   * @param labels further labels (keys {@code snake_case}), often empty
   * @param value read on each scrape: fast, lock-free, never throws
   */
  default void gauge(String name, String help, Map<String, String> labels, DoubleSupplier value) {}

  /**
   * As {@link #gauge}, for a value that only grows (exported as a counter, {@code _total} added).
   */
  default void counter(
      String name, String help, Map<String, String> labels, DoubleSupplier value) {}
}
