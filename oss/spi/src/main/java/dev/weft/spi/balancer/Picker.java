package dev.weft.spi.balancer;

/**
 * Chooses the endpoint of one request (or of one opaque TCP connection). Immutable as far as the
 * proxy is concerned: it is published once and then read by every event loop at the same time, so
 * {@link #pick} is thread-safe, lock-free and never blocks.
 */
@FunctionalInterface
public interface Picker {
  /**
   * The endpoint to try, or null when there is none. The proxy calls {@link Pick#done} on what it
   * returns exactly once, when the request (or connection) ends, however it ends.
   */
  Pick pick();
}
