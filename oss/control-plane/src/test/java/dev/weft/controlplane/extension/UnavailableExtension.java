package dev.weft.controlplane.extension;

import dev.weft.spi.Availability;
import dev.weft.spi.controlplane.ControlPlaneContext;
import dev.weft.spi.controlplane.ControlPlaneExtension;

/** A test extension that is never available: it must be left out, never started. */
public final class UnavailableExtension implements ControlPlaneExtension {
  static volatile boolean started;

  @Override
  public String name() {
    return "unavailable";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability availability() {
    return Availability.unavailable("not licensed in this test");
  }

  @Override
  public void start(ControlPlaneContext context) {
    started = true;
    context.status("unavailable", () -> "{}");
  }
}
