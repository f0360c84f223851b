package dev.weft.hazl.controlplane;

import dev.weft.hazl.HazlConfig;
import dev.weft.spi.ConfigResult;
import dev.weft.spi.controlplane.BalancerChoice;
import dev.weft.spi.controlplane.BalancerDefaults;
import dev.weft.spi.controlplane.ServiceRef;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers {@code hazl} with the cluster's settings, adjusted by each Service's annotations, while
 * HAZL is on; empty (the proxies' default) while it is off. Reads only memory: the settings are
 * swapped in by the extension's refresh. Remembers the services whose annotations were ignored, for
 * the status.
 */
final class HazlChooser implements BalancerDefaults {
  private static final System.Logger LOG = System.getLogger(HazlChooser.class.getName());

  // Services are many and come and go: the problems kept are bounded.
  static final int MAX_SERVICE_PROBLEMS = 100;

  private volatile HazlSettings active;
  private final Map<String, String> serviceProblems = new ConcurrentHashMap<>();

  /** Turns HAZL on with {@code settings}, or off with null; forgets the services' problems. */
  void activate(HazlSettings settings) {
    active = settings;
    serviceProblems.clear();
  }

  @Override
  public Optional<BalancerChoice> balancerFor(ServiceRef service) {
    HazlSettings settings = active;
    if (settings == null) {
      return Optional.empty();
    }
    try {
      ServiceOverrides.Decision d = ServiceOverrides.decide(settings, service.annotations());
      Optional<BalancerChoice> choice = d.choice();
      List<String> problems = new ArrayList<>(d.problems());
      if (choice.isPresent()) {
        // What the proxies will parse: anything they would refuse is not sent.
        ConfigResult<HazlConfig> parsed = HazlConfig.parse(choice.get().config());
        if (!parsed.ok()) {
          problems.add(
              "not sent, the proxies would refuse it: " + String.join("; ", parsed.errors()));
          choice = Optional.empty();
        }
      }
      note(service.namespace() + "/" + service.name(), problems);
      return choice;
    } catch (RuntimeException e) {
      // Never on the policy's path: a service this cannot decide keeps the proxies' default.
      LOG.log(Level.WARNING, "HAZL for " + service.namespace() + "/" + service.name() + ": " + e);
      return Optional.empty();
    }
  }

  /** The services whose annotations were ignored, by namespace/name. */
  Map<String, String> serviceProblems() {
    return new TreeMap<>(serviceProblems);
  }

  private void note(String service, List<String> problems) {
    if (problems.isEmpty()) {
      serviceProblems.remove(service);
      return;
    }
    String line = String.join("; ", problems);
    if (serviceProblems.size() >= MAX_SERVICE_PROBLEMS && !serviceProblems.containsKey(service)) {
      return;
    }
    String before = serviceProblems.put(service, line);
    if (!line.equals(before)) {
      LOG.log(Level.WARNING, "HAZL: Service " + service + ": ignored: " + line);
    }
  }
}
