package dev.weft.spi;

/**
 * What every Weft plugin provider has: a name, a priority, and whether it can run here.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader} by one registry per plugin kind.
 * Among the providers of a name, the available one with the highest priority wins; a provider that
 * is not available (for instance an enterprise feature without a license entitling it) is skipped,
 * its {@link #availability() reason} logged once, and the open-source default takes over.
 *
 * <p>Implementations are thread-safe, and their methods return quickly without blocking.
 */
public interface Plugin {
  /** The name configuration refers to it by, lower case, e.g. {@code p2c-peak-ewma}. */
  String name();

  /** Higher wins among available providers of the same kind; the open-source default has 0. */
  int priority();

  /**
   * Whether it can run here, and if not, why. Asked at start and again when the reason may have
   * changed (a license renewed); it must not throw.
   */
  Availability availability();

  /** {@code availability().available()}. */
  default boolean isAvailable() {
    return availability().available();
  }
}
