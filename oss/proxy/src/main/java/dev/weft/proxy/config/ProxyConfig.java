package dev.weft.proxy.config;

import dev.weft.proxy.controlplane.ControlPlaneTlsConfig;
import dev.weft.proxy.identity.IdentityConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;

/**
 * The proxy's validated configuration. Built once at start by {@link ConfigLoader}; immutable.
 *
 * @param listeners the data-plane listeners (fixed-hop mode has one; sidecar mode has inbound and
 *     outbound)
 * @param admin the admin listener ({@code /metrics}, {@code /ready}, {@code /live})
 * @param detectTimeout how long protocol detection waits for a client's first bytes before treating
 *     the connection as opaque TCP
 * @param opaquePorts forward ports whose connections skip detection and are relayed as TCP
 * @param connectTimeout how long an upstream connect may take
 * @param drainTimeout how long a graceful shutdown waits for in-flight work
 * @param idleTimeout how long an idle pooled upstream connection is kept
 * @param workers event-loop threads
 * @param maxAuthorities the bound on distinct {@code authority} label values; more are reported as
 *     {@code authority="overflow"}
 * @param identity the workload identity, or {@code null} for a proxy without one (no mTLS)
 * @param discovery how services are discovered and balanced
 * @param logLevel the least severe log records written
 * @param controlPlaneTls how the control plane's gRPC port (identity, discovery) is reached
 * @param instance the name this proxy reports itself under in fleet heartbeats, or empty: then the
 *     host's name (and pid) stands for it
 */
public record ProxyConfig(
    List<ListenerConfig> listeners,
    InetSocketAddress admin,
    Duration detectTimeout,
    Set<Integer> opaquePorts,
    Duration connectTimeout,
    Duration drainTimeout,
    Duration idleTimeout,
    int workers,
    int maxAuthorities,
    IdentityConfig identity,
    DiscoveryConfig discovery,
    Level logLevel,
    ControlPlaneTlsConfig controlPlaneTls,
    String instance) {

  public ProxyConfig {
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(discovery, "discovery");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(controlPlaneTls, "controlPlaneTls");
    listeners = List.copyOf(listeners);
    opaquePorts = Set.copyOf(opaquePorts);
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(detectTimeout, "detectTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (listeners.isEmpty()) {
      throw new ConfigException(
          "no listener configured (expected: --listen and --forward, or sidecar listeners)");
    }
  }

  /**
   * A plain proxy: no identity, no discovery, logging at {@code INFO}, plaintext to the control
   * plane; the {@code with...} methods add the rest.
   */
  public ProxyConfig(
      List<ListenerConfig> listeners,
      InetSocketAddress admin,
      Duration detectTimeout,
      Set<Integer> opaquePorts,
      Duration connectTimeout,
      Duration drainTimeout,
      Duration idleTimeout,
      int workers,
      int maxAuthorities) {
    this(
        listeners,
        admin,
        detectTimeout,
        opaquePorts,
        connectTimeout,
        drainTimeout,
        idleTimeout,
        workers,
        maxAuthorities,
        null,
        DiscoveryConfig.NONE,
        Level.INFO,
        ControlPlaneTlsConfig.PLAINTEXT,
        "");
  }

  /** This configuration with {@code discovery}. */
  public ProxyConfig withDiscovery(DiscoveryConfig discovery) {
    return new ProxyConfig(
        listeners,
        admin,
        detectTimeout,
        opaquePorts,
        connectTimeout,
        drainTimeout,
        idleTimeout,
        workers,
        maxAuthorities,
        identity,
        discovery,
        logLevel,
        controlPlaneTls,
        instance);
  }

  /** This configuration with {@code identity}. */
  public ProxyConfig withIdentity(IdentityConfig identity) {
    return new ProxyConfig(
        listeners,
        admin,
        detectTimeout,
        opaquePorts,
        connectTimeout,
        drainTimeout,
        idleTimeout,
        workers,
        maxAuthorities,
        identity,
        discovery,
        logLevel,
        controlPlaneTls,
        instance);
  }

  /** Whether a listener forwards connections to their original destinations. */
  public boolean transparent() {
    return listeners.stream().anyMatch(ListenerConfig::transparent);
  }

  /** This configuration with {@code listeners}. */
  public ProxyConfig withListeners(List<ListenerConfig> listeners) {
    return new ProxyConfig(
        listeners,
        admin,
        detectTimeout,
        opaquePorts,
        connectTimeout,
        drainTimeout,
        idleTimeout,
        workers,
        maxAuthorities,
        identity,
        discovery,
        logLevel,
        controlPlaneTls,
        instance);
  }

  /** This configuration with {@code controlPlaneTls}. */
  public ProxyConfig withControlPlaneTls(ControlPlaneTlsConfig controlPlaneTls) {
    return new ProxyConfig(
        listeners,
        admin,
        detectTimeout,
        opaquePorts,
        connectTimeout,
        drainTimeout,
        idleTimeout,
        workers,
        maxAuthorities,
        identity,
        discovery,
        logLevel,
        controlPlaneTls,
        instance);
  }

  /** This configuration with {@code instance}. */
  public ProxyConfig withInstance(String instance) {
    return new ProxyConfig(
        listeners,
        admin,
        detectTimeout,
        opaquePorts,
        connectTimeout,
        drainTimeout,
        idleTimeout,
        workers,
        maxAuthorities,
        identity,
        discovery,
        logLevel,
        controlPlaneTls,
        instance);
  }
}
