package dev.weft.controlplane.fleet;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Adds up pods by workload; one instance per count, not thread-safe. */
public final class FleetCounter {
  private record Key(String namespace, String kind, String name) {}

  private final Map<Key, Integer> pods = new LinkedHashMap<>();
  private final Map<Key, Set<String>> versions = new LinkedHashMap<>();
  private int total;

  /**
   * One meshed pod of the workload {@code namespace/kind/name}, running {@code version} (or null).
   */
  public void add(String namespace, String kind, String name, String version) {
    Key key = new Key(namespace, kind, name);
    pods.merge(key, 1, Integer::sum);
    Set<String> seen = versions.computeIfAbsent(key, k -> new HashSet<>());
    if (version != null && !version.isBlank()) {
      seen.add(version);
    }
    total++;
  }

  public Fleet fleet(String source) {
    List<MeshedWorkload> workloads =
        pods.entrySet().stream()
            .map(e ->
                new MeshedWorkload(
                    e.getKey().namespace(),
                    e.getKey().kind(),
                    e.getKey().name(),
                    e.getValue(),
                    versions.get(e.getKey())))
            .toList();
    return new Fleet(total, workloads, source);
  }
}
