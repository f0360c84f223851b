package dev.weft.controlplane.inject;

import static java.util.Objects.requireNonNull;

import dev.weft.inject.Injector;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The environment variables control-plane extensions add to every injected proxy ({@code
 * ControlPlaneContext#proxyEnvironment}), read by the webhook at each admission.
 *
 * <p>Thread-safe: extensions register from their start, admissions read concurrently. A supplier
 * that throws is logged once and its variable left out: an extension never stops an injection.
 */
@ApplicationScoped
public class ProxyEnvironment {
  private static final Logger LOG = Logger.getLogger(ProxyEnvironment.class);

  private final Map<String, Variable> variables = new ConcurrentHashMap<>();

  /**
   * Adds {@code name} to the proxies injected from now on.
   *
   * @throws IllegalArgumentException when {@code name} is not a variable name, is one of the
   *     proxy's own ({@code WEFT_PROXY_...}) or is already registered
   */
  public void register(String name, Supplier<Optional<String>> value) {
    Injector.checkExtraEnvironment(name);
    requireNonNull(value, "value");
    if (variables.putIfAbsent(name, new Variable(value, new AtomicBoolean())) != null) {
      throw new IllegalArgumentException(
          "environment variable name: '" + name + "' is already registered");
    }
  }

  /** The variables with a value now, by name. */
  public Map<String, String> values() {
    Map<String, String> values = new TreeMap<>();
    variables.forEach((name, variable) -> {
      try {
        Optional<String> value = variable.value().get();
        if (value != null && value.isPresent()) {
          values.put(name, value.get());
        }
      } catch (RuntimeException e) {
        if (variable.warned().compareAndSet(false, true)) {
          LOG.warnf(
              e,
              "The value of %s for injected proxies could not be read; left out (logged once): %s",
              name,
              e.toString());
        }
      }
    });
    return values;
  }

  private record Variable(Supplier<Optional<String>> value, AtomicBoolean warned) {}
}
