package dev.weft.proxy.capture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code weft_original_dst_lookups_total{direction, result}} of one listener, and the connections
 * it closed because their original destination was unusable ({@code
 * weft_original_dst_refused_total{direction, reason}}). Counters are registered up front, so a
 * scrape shows them at zero and the accept path only increments. Thread-safe.
 */
public final class OriginalDstMetrics {
  /** Why a connection was closed instead of forwarded. */
  public enum Refusal {
    /** No NAT entry: the connection was not redirected to this listener. */
    NONE,
    /** The lookup failed otherwise. */
    ERROR,
    /** The original destination is this listener itself. */
    LOOP
  }

  private final Map<OriginalDst.Result, Counter> lookups = new EnumMap<>(OriginalDst.Result.class);
  private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);

  public OriginalDstMetrics(MeterRegistry registry, String direction) {
    for (OriginalDst.Result r : OriginalDst.Result.values()) {
      lookups.put(
          r,
          Counter.builder("weft_original_dst_lookups")
              .description("original destination lookups of redirected connections")
              .tag("direction", direction)
              .tag("result", r.label())
              .register(registry));
    }
    for (Refusal r : Refusal.values()) {
      refused.put(
          r,
          Counter.builder("weft_original_dst_refused")
              .description("connections closed because their original destination was unusable")
              .tag("direction", direction)
              .tag("reason", r.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
  }

  public void lookup(OriginalDst.Result result) {
    lookups.get(result).increment();
  }

  public void refused(Refusal reason) {
    refused.get(reason).increment();
  }
}
