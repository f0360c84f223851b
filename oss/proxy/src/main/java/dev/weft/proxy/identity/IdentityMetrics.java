package dev.weft.proxy.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Supplier;

/** The identity's meters, with Linkerd's names; removed again when the identity closes. */
final class IdentityMetrics {
  private final MeterRegistry registry;
  private final Counter refreshOk;
  private final Counter refreshError;
  private final List<Meter> meters;

  IdentityMetrics(
      MeterRegistry registry, Supplier<Number> expirationSeconds, Supplier<Number> trustAnchors) {
    this.registry = registry;
    refreshOk = refresh(registry, "ok");
    refreshError = refresh(registry, "error");
    Gauge expiration =
        Gauge.builder("identity_cert_expiration_timestamp_seconds", expirationSeconds)
            .description("When the current workload certificate expires (0: none yet)")
            .register(registry);
    Gauge anchors =
        Gauge.builder("identity_trust_anchors", trustAnchors)
            .description("Root certificates in the current trust bundle")
            .register(registry);
    meters = List.of(refreshOk, refreshError, expiration, anchors);
  }

  private static Counter refresh(MeterRegistry registry, String result) {
    return Counter.builder("identity_cert_refresh")
        .description("Certification attempts, by result")
        .tag("result", result)
        .register(registry);
  }

  void refreshed() {
    refreshOk.increment();
  }

  void refreshFailed() {
    refreshError.increment();
  }

  void remove() {
    meters.forEach(registry::remove);
  }
}
