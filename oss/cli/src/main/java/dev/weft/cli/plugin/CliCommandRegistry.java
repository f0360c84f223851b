package dev.weft.cli.plugin;

import dev.weft.spi.Availability;
import dev.weft.spi.cli.CliCommandProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The commands that plugins add to {@code weft}, and which provider serves each name. The only
 * place that uses {@link ServiceLoader} for {@link CliCommandProvider}.
 *
 * <p>{@link #select} returns, among the providers of a name, the available one with the highest
 * priority (the first found on a tie); when none is available, the one with the highest priority
 * with its reason. A provider whose name is a built-in command, or is not a valid command name, is
 * refused with a log line, so a plugin can never replace {@code check} or {@code install}.
 * Availability is asked on every {@code select}.
 */
public final class CliCommandRegistry {
  private static final Logger LOG = Logger.getLogger(CliCommandRegistry.class.getName());
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  private final Map<String, List<CliCommandProvider>> byName;

  /**
   * The provider of a command name as {@link #select} chose it.
   *
   * @param provider the provider that runs the command, or that would if it were available
   * @param availability its availability when selected
   */
  public record Selection(CliCommandProvider provider, Availability availability) {
    public Selection {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(availability, "availability");
    }
  }

  /**
   * A registry over {@code providers}, in order, refusing those named like one of {@code builtIns}.
   */
  public CliCommandRegistry(
      List<? extends CliCommandProvider> providers, Collection<String> builtIns) {
    Map<String, List<CliCommandProvider>> names = new LinkedHashMap<>();
    for (CliCommandProvider p : providers) {
      String name = nameOf(p);
      if (name == null) {
        continue;
      }
      if (!NAME.matcher(name).matches()) {
        LOG.warning(
            "plugin command '"
                + name
                + "' of "
                + p.getClass().getName()
                + " refused: not a command name (expected lower case letters, digits and '-')");
      } else if (builtIns.contains(name)) {
        LOG.warning(
            "plugin command '"
                + name
                + "' of "
                + p.getClass().getName()
                + " refused: 'weft "
                + name
                + "' is a built-in command");
      } else {
        names.computeIfAbsent(name, n -> new ArrayList<>()).add(p);
      }
    }
    names.replaceAll((n, list) -> List.copyOf(list));
    this.byName = Map.copyOf(names);
  }

  /**
   * The providers {@code loader} finds through {@code META-INF/services}; one that cannot be loaded
   * (a missing class, a jar built for another version) is skipped with a log line.
   */
  public static CliCommandRegistry load(ClassLoader loader, Collection<String> builtIns) {
    List<CliCommandProvider> found = new ArrayList<>();
    var it = ServiceLoader.load(CliCommandProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        LOG.warning("a plugin command could not be loaded: " + e.getMessage());
      }
    }
    return new CliCommandRegistry(found, builtIns);
  }

  /** The command names plugins add, sorted. */
  public Set<String> names() {
    return new TreeSet<>(byName.keySet());
  }

  /** The provider to run {@code name} with; null when no plugin adds that command. */
  public Selection select(String name) {
    List<CliCommandProvider> providers = byName.get(name);
    if (providers == null) {
      return null;
    }
    Selection best = null;
    for (CliCommandProvider p : providers) {
      Availability a = availabilityOf(p);
      if (best == null || better(p, a, best)) {
        best = new Selection(p, a);
      }
    }
    return best;
  }

  private static boolean better(CliCommandProvider p, Availability a, Selection than) {
    if (a.available() != than.availability().available()) {
      return a.available();
    }
    return p.priority() > than.provider().priority();
  }

  private static Availability availabilityOf(CliCommandProvider p) {
    try {
      return Objects.requireNonNull(p.availability(), "availability() returned null");
    } catch (RuntimeException e) {
      // The SPI says it must not throw; a plugin that does is unavailable, not fatal to weft.
      return Availability.unavailable("its availability check failed: " + e);
    }
  }

  private static String nameOf(CliCommandProvider p) {
    try {
      return Objects.requireNonNull(p.name(), "name() returned null");
    } catch (RuntimeException e) {
      LOG.warning("plugin command of " + p.getClass().getName() + " refused: " + e);
      return null;
    }
  }
}
