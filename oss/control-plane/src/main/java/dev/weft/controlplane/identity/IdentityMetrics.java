package dev.weft.controlplane.identity;

import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CaSnapshot;
import dev.weft.controlplane.identity.ca.Fingerprints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.Map;

/**
 * The identity service's own metrics: Certify calls by result, and when the issuer and each root
 * expire (Unix seconds), so an alert can fire well before either does.
 */
public final class IdentityMetrics {
  private final Counter issued;
  private final Map<CertifyException.Reason, Counter> refused =
      new EnumMap<>(CertifyException.Reason.class);

  public IdentityMetrics(MeterRegistry registry, CaHolder ca) {
    issued = certifyCounter(registry, "ok");
    for (CertifyException.Reason reason : CertifyException.Reason.values()) {
      refused.put(reason, certifyCounter(registry, reason.name().toLowerCase()));
    }
    Gauge.builder(
            "weft.identity.issuer.expiry.timestamp",
            ca,
            holder ->
                holder
                    .current()
                    .map(s -> s.issuer().certificate().getNotAfter().getTime() / 1000.0)
                    .orElse(Double.NaN))
        .description("When the signing issuer certificate expires (Unix time)")
        .baseUnit("seconds")
        .register(registry);
    MultiGauge roots =
        MultiGauge.builder("weft.identity.root.expiry.timestamp")
            .description("When each root of the trust bundle expires (Unix time)")
            .baseUnit("seconds")
            .register(registry);
    ca.subscribe(snapshot -> roots.register(rows(snapshot), true));
  }

  void issued() {
    issued.increment();
  }

  void refused(CertifyException.Reason reason) {
    refused.get(reason).increment();
  }

  private static java.util.List<MultiGauge.Row<?>> rows(CaSnapshot snapshot) {
    return snapshot.roots().stream()
        .<MultiGauge.Row<?>>map(root ->
            MultiGauge.Row.of(
                Tags.of("fingerprint", Fingerprints.sha256(root)),
                root.getNotAfter().getTime() / 1000.0))
        .toList();
  }

  private static Counter certifyCounter(MeterRegistry registry, String result) {
    return Counter.builder("weft.identity.certify.requests")
        .description("Certify calls by result: ok, or the refusal's gRPC status")
        .tag("result", result)
        .register(registry);
  }
}
