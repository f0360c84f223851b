package dev.weft.controlplane.inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code weft_injector_admissions_total{result}}: every AdmissionReview answered, by outcome. */
final class InjectorMetrics {
  private final Counter injected;
  private final Counter skipped;
  private final Counter errors;

  InjectorMetrics(MeterRegistry registry) {
    injected = counter(registry, "injected");
    skipped = counter(registry, "skipped");
    errors = counter(registry, "error");
  }

  void injected() {
    injected.increment();
  }

  void skipped() {
    skipped.increment();
  }

  void error() {
    errors.increment();
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder("weft.injector.admissions")
        .description("Pod admission reviews answered by the injector, by result")
        .tag("result", result)
        .register(registry);
  }
}
