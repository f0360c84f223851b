package dev.weft.controlplane.fleet;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One meshed workload.
 *
 * @param namespace its namespace
 * @param kind {@code deployment}, {@code statefulset}, {@code daemonset}, {@code job}, {@code
 *     replicaset} or {@code pod} (a pod nothing owns); {@code serviceaccount} in local mode, where
 *     a workload is known by its identity
 * @param name its name
 * @param pods how many of its pods (or endpoints) run a proxy
 * @param proxyVersions the proxy versions they run (empty where unknown)
 */
public record MeshedWorkload(
    String namespace, String kind, String name, int pods, Set<String> proxyVersions) {
  public MeshedWorkload {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    proxyVersions = java.util.Collections.unmodifiableSet(new TreeSet<>(proxyVersions));
  }
}
