package dev.weft.controlplane.fleet;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The meshed part of the cluster right now: how many pods run a Weft proxy, and of which workloads.
 * It is what a license's {@code meshedWorkloads} limit is compared with, and what an inventory of
 * the running mesh starts from.
 *
 * @param meshedPods pods (kubernetes mode) or endpoint addresses (local mode) with a proxy
 * @param workloads the workloads they belong to, sorted by namespace, kind and name
 * @param source where the counts come from: {@code pods} or {@code registry}
 */
public record Fleet(int meshedPods, List<MeshedWorkload> workloads, String source) {
  public Fleet {
    Objects.requireNonNull(source, "source");
    workloads =
        workloads.stream()
            .sorted(
                Comparator.comparing(MeshedWorkload::namespace)
                    .thenComparing(MeshedWorkload::kind)
                    .thenComparing(MeshedWorkload::name))
            .toList();
  }

  /** The number of distinct meshed workloads. */
  public int meshedWorkloads() {
    return workloads.size();
  }
}
