package dev.weft.proxy.discovery;

/**
 * Where the proxy learns about services: the control plane's Destination API, or a fixed set of
 * addresses from the command line. Thread-safe.
 */
public interface Resolver extends AutoCloseable {
  /**
   * Starts watching {@code name} ({@code host:port}); {@code listener} hears about it until the
   * returned handle is closed. Does not block.
   */
  AutoCloseable watch(String name, ServiceListener listener);

  @Override
  default void close() {}
}
