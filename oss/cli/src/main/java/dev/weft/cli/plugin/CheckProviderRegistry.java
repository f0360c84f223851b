package dev.weft.cli.plugin;

import dev.weft.spi.Availability;
import dev.weft.spi.cli.CheckProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * The groups of checks that plugins add to {@code weft check}. The only place that uses {@link
 * ServiceLoader} for {@link CheckProvider}.
 */
public final class CheckProviderRegistry {
  private static final Logger LOG = Logger.getLogger(CheckProviderRegistry.class.getName());

  private final List<CheckProvider> providers;

  /** A registry over {@code providers}; {@link #available} orders them by priority. */
  public CheckProviderRegistry(List<? extends CheckProvider> providers) {
    this.providers = List.copyOf(providers);
  }

  /**
   * The providers {@code loader} finds through {@code META-INF/services}; one that cannot be loaded
   * (a missing class, a jar built for another version) is skipped with a log line.
   */
  public static CheckProviderRegistry load(ClassLoader loader) {
    List<CheckProvider> found = new ArrayList<>();
    var it = ServiceLoader.load(CheckProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        LOG.warning("a plugin check could not be loaded: " + e.getMessage());
      }
    }
    return new CheckProviderRegistry(found);
  }

  /**
   * The providers to run now, highest priority first (the order found on a tie). Availability is
   * asked on every call: a provider unavailable here is left out, its reason logged at fine level.
   */
  public List<CheckProvider> available() {
    List<CheckProvider> result = new ArrayList<>();
    for (CheckProvider p : providers) {
      Availability a;
      try {
        a = p.availability();
      } catch (RuntimeException e) {
        // The SPI says it must not throw; a plugin that does is left out, not fatal to weft.
        LOG.warning("plugin check " + p.getClass().getName() + " left out: " + e);
        continue;
      }
      if (a != null && a.available()) {
        result.add(p);
      } else {
        LOG.fine(() ->
            "plugin check "
                + p.getClass().getName()
                + " unavailable: "
                + (a == null ? "null availability" : a.reason()));
      }
    }
    result.sort(Comparator.comparingInt(CheckProvider::priority).reversed());
    return result;
  }
}
