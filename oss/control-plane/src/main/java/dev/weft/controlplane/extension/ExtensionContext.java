package dev.weft.controlplane.extension;

import dev.weft.controlplane.discovery.DefaultBalancers;
import dev.weft.controlplane.inject.ProxyEnvironment;
import dev.weft.spi.controlplane.BalancerDefaults;
import dev.weft.spi.controlplane.ControlPlaneContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The control plane as its extensions see it. Thread-safe: its own state is final, and what it
 * hands on (the meter registry, the statuses, the default balancers, the proxies' environment)
 * takes calls from any thread.
 */
public final class ExtensionContext implements ControlPlaneContext {
  private static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_]*");

  private final String mode;
  private final String namespace;
  private final IntSupplier meshedWorkloads;
  private final MeterRegistry registry;
  private final KubernetesClient kubernetes;
  private final ExtensionStatuses statuses;
  private final DefaultBalancers balancers;
  private final ProxyEnvironment proxyEnvironment;

  /**
   * @param kubernetes the control plane's client in kubernetes mode; null in local mode
   * @param balancers where {@link #balancerDefaults} installs its chooser (Destination's)
   * @param proxyEnvironment what the injector's webhook adds to injected proxies
   */
  public ExtensionContext(
      String mode,
      String namespace,
      IntSupplier meshedWorkloads,
      MeterRegistry registry,
      KubernetesClient kubernetes,
      ExtensionStatuses statuses,
      DefaultBalancers balancers,
      ProxyEnvironment proxyEnvironment) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.meshedWorkloads = Objects.requireNonNull(meshedWorkloads, "meshedWorkloads");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.kubernetes = kubernetes;
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.balancers = Objects.requireNonNull(balancers, "balancers");
    this.proxyEnvironment = Objects.requireNonNull(proxyEnvironment, "proxyEnvironment");
  }

  @Override
  public String mode() {
    return mode;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public IntSupplier meshedWorkloads() {
    return meshedWorkloads;
  }

  @Override
  public void gauge(String name, String help, DoubleSupplier value) {
    if (name == null || !METRIC.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "gauge name: '" + name + "' (expected: snake_case such as weft_license_valid)");
    }
    Objects.requireNonNull(value, "value");
    // Micrometer names are dotted; its Prometheus naming turns the dots back into underscores.
    Gauge.builder(name.replace('_', '.'), value, DoubleSupplier::getAsDouble)
        .description(help)
        // Micrometer holds a gauge's object weakly; the supplier has no other owner.
        .strongReference(true)
        .register(registry);
  }

  @Override
  public Optional<String> secret(String name, String key) {
    if (kubernetes == null) {
      return Optional.empty();
    }
    Secret secret = kubernetes.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return Optional.of(
          new String(
              Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    return secret.getStringData() == null
        ? Optional.empty()
        : Optional.ofNullable(secret.getStringData().get(key));
  }

  @Override
  public void status(String name, Supplier<String> json) {
    statuses.publish(name, Objects.requireNonNull(json, "json"));
  }

  @Override
  public Optional<String> configMap(String name, String key) {
    if (kubernetes == null) {
      return Optional.empty();
    }
    ConfigMap configMap = kubernetes.configMaps().inNamespace(namespace).withName(name).get();
    return configMap == null || configMap.getData() == null
        ? Optional.empty()
        : Optional.ofNullable(configMap.getData().get(key));
  }

  @Override
  public void balancerDefaults(BalancerDefaults chooser) {
    balancers.install(Objects.requireNonNull(chooser, "chooser"));
  }

  @Override
  public void policiesChanged() {
    balancers.changed();
  }

  @Override
  public void proxyEnvironment(String name, Supplier<Optional<String>> value) {
    proxyEnvironment.register(name, value);
  }
}
