package dev.weft.spi.controlplane;

import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the control plane gives a {@link ControlPlaneExtension}: the few facts and outlets an
 * extension needs, in JDK types so that extensions do not depend on Quarkus, Micrometer or fabric8
 * (and can be tested without them). Thread-safe.
 */
public interface ControlPlaneContext {
  /**
   * {@code local} or {@code kubernetes}: where the control plane takes its state from, so an
   * extension knows whether cluster objects such as Secrets exist.
   */
  String mode();

  /**
   * Kubernetes mode: the control plane's namespace (where its Secrets live); local mode: the
   * namespace local identities are named in ({@code weft}).
   */
  String namespace();

  /**
   * The number of distinct workloads running a Weft proxy now (the same count as the {@code
   * weft_fleet_meshed_workloads} gauge): what usage limits are compared with. Cheap; call it from a
   * background thread or a gauge, not in a tight loop.
   */
  IntSupplier meshedWorkloads();

  /**
   * Registers a gauge on the control plane's metrics ({@code /q/metrics}), read when scraped.
   *
   * @param name Prometheus name, {@code snake_case} (e.g. {@code weft_license_valid}); a value of
   *     NaN is exported as NaN, which is how "no value" (such as an unlimited limit) is told
   * @param help one line for the metric's HELP text
   * @param value read on each scrape: must be fast and must not throw
   */
  void gauge(String name, String help, DoubleSupplier value);

  /**
   * Kubernetes mode: the value of {@code key} in Secret {@code name} of the control plane's
   * namespace, read through the control plane's client (its RBAC), or empty if the Secret or the
   * key does not exist. Local mode: always empty. It calls the API server: use it off the request
   * path, from a background thread.
   *
   * @throws RuntimeException when the API server cannot be asked (the message says why)
   */
  Optional<String> secret(String name, String key);

  /**
   * Publishes a JSON document at {@code GET /v1/extensions/NAME} of the control plane's HTTP port,
   * for operators and {@code weft} commands. The supplier is called on each request: it returns a
   * snapshot already computed, not something that does I/O.
   *
   * @param name lower case letters, digits and dashes, usually the extension's name
   * @param json a JSON object, as text
   */
  void status(String name, Supplier<String> json);

  /**
   * Kubernetes mode: the value of {@code key} in ConfigMap {@code name} of the control plane's
   * namespace, or empty if it does not exist (the control plane needs RBAC {@code get} on it).
   * Local mode: always empty. It calls the API server: use it from a background thread.
   *
   * @throws RuntimeException when the API server cannot be asked (the message says why)
   */
  default Optional<String> configMap(String name, String key) {
    return Optional.empty();
  }

  /**
   * Installs the chooser of the balancer of services whose policy names none; the last call wins.
   * The control plane asks it each time it sends a service's policy to a proxy.
   */
  default void balancerDefaults(BalancerDefaults chooser) {}

  /**
   * Tells the control plane that what the {@link #balancerDefaults} chooser answers may have
   * changed (its configuration was reloaded): the policies of every watched service are sent again.
   */
  default void policiesChanged() {}

  /**
   * Adds an environment variable to every proxy the injector injects from now on (pods already
   * running keep theirs until restarted). The supplier is read at each admission: it returns a
   * value already in memory, or empty to leave the variable out.
   *
   * @param name the variable's name, e.g. {@code WEFT_LICENSE}
   */
  default void proxyEnvironment(String name, Supplier<Optional<String>> value) {}
}
