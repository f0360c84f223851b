package dev.weft.controlplane.fleet;

/**
 * A workload as the inventory names it: {@code deployment}, {@code statefulset}, ... (kubernetes
 * mode, from the pod's controller), or {@code serviceaccount} (from an identity).
 *
 * @param kind lower-case kind
 * @param name its name
 */
public record Workload(String kind, String name) {}
