package dev.weft.controlplane.extension;

import dev.weft.spi.Availability;
import dev.weft.spi.controlplane.ControlPlaneContext;
import dev.weft.spi.controlplane.ControlPlaneExtension;
import java.util.Optional;

/** A test extension (registered in the test classpath's services file) that records its start. */
public final class ProbeExtension implements ControlPlaneExtension {
  static volatile ControlPlaneContext started;
  static volatile int starts;

  /** What it adds to injected proxies as {@code WEFT_PROBE}; empty: nothing. */
  public static volatile Optional<String> probeEnvironment = Optional.empty();

  @Override
  public String name() {
    return "probe";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability availability() {
    return Availability.AVAILABLE;
  }

  @Override
  public void start(ControlPlaneContext context) {
    started = context;
    starts++;
    context.proxyEnvironment("WEFT_PROBE", () -> probeEnvironment);
    context.gauge("weft_probe_meshed_workloads", "Test", () -> 40 + 2);
    context.status(
        "probe",
        () ->
            "{\"mode\":\""
                + context.mode()
                + "\",\"meshedWorkloads\":"
                + context.meshedWorkloads().getAsInt()
                + "}");
  }
}
