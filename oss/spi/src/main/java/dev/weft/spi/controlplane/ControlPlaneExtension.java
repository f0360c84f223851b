package dev.weft.spi.controlplane;

import dev.weft.spi.Plugin;

/**
 * Code that runs inside the control plane next to its own services, found with {@link
 * java.util.ServiceLoader} when the control plane starts. The control plane is a Quarkus
 * application whose classpath is fixed when it is built, so an extension is a build dependency of a
 * control-plane distribution, not a jar dropped in at run time.
 *
 * <p>An extension observes and reports (metrics, a status document); it is never on the request
 * path of proxies, and nothing it does may stop or slow traffic.
 */
public interface ControlPlaneExtension extends Plugin {
  /**
   * Called once, after the control plane's own services have started, on the startup thread: it
   * registers gauges and status documents and starts any background work of its own, then returns
   * quickly. An exception is logged and the control plane keeps running without the extension.
   */
  void start(ControlPlaneContext context);

  /** Called once at shutdown, if {@link #start} returned normally: stops background work. */
  default void stop() {}
}
