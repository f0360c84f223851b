package dev.weft.controlplane.extension;

import dev.weft.spi.Availability;
import dev.weft.spi.controlplane.ControlPlaneContext;
import dev.weft.spi.controlplane.ControlPlaneExtension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.jboss.logging.Logger;

/**
 * The {@link ControlPlaneExtension}s on the classpath (none in the open-source build), started
 * after the control plane's own services. An extension that is unavailable or fails to start is
 * logged once and left out: extensions never stop the control plane.
 */
public final class ControlPlaneExtensions implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ControlPlaneExtensions.class);

  private final List<ControlPlaneExtension> started;

  private ControlPlaneExtensions(List<ControlPlaneExtension> started) {
    this.started = started;
  }

  /**
   * Finds the extensions with ServiceLoader (the thread's class loader: Quarkus's) and starts them.
   */
  public static ControlPlaneExtensions start(ControlPlaneContext context) {
    List<ControlPlaneExtension> found = new ArrayList<>();
    ServiceLoader.load(ControlPlaneExtension.class).forEach(found::add);
    found.sort(Comparator.comparing(ControlPlaneExtension::name));
    return start(found, context);
  }

  /** Starts the given extensions (those available), in order. */
  public static ControlPlaneExtensions start(
      List<ControlPlaneExtension> extensions, ControlPlaneContext context) {
    List<ControlPlaneExtension> started = new ArrayList<>();
    for (ControlPlaneExtension extension : extensions) {
      Availability availability;
      try {
        availability = extension.availability();
      } catch (RuntimeException e) {
        availability = Availability.unavailable("availability() failed: " + e);
      }
      if (!availability.available()) {
        LOG.warnf(
            "control-plane extension %s (%s) is not available: %s",
            extension.name(), extension.getClass().getName(), availability.reason());
        continue;
      }
      try {
        extension.start(context);
        started.add(extension);
        LOG.infof(
            "control-plane extension %s (%s) started",
            extension.name(), extension.getClass().getName());
      } catch (RuntimeException e) {
        LOG.errorf(
            e,
            "control-plane extension %s (%s) failed to start and is left out: %s",
            extension.name(),
            extension.getClass().getName(),
            e.getMessage());
      }
    }
    return new ControlPlaneExtensions(List.copyOf(started));
  }

  /** The names of the extensions that started. */
  public List<String> names() {
    return started.stream().map(ControlPlaneExtension::name).toList();
  }

  @Override
  public void close() {
    for (ControlPlaneExtension extension : started.reversed()) {
      try {
        extension.stop();
      } catch (RuntimeException e) {
        LOG.warnf(e, "control-plane extension %s failed to stop: %s", extension.name(), e);
      }
    }
  }
}
