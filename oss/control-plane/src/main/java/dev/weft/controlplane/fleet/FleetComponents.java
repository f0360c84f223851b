package dev.weft.controlplane.fleet;

import java.util.List;

/**
 * {@code GET /v1/fleet/components}: the Weft components running now.
 *
 * @param mode {@code local} or {@code kubernetes}
 * @param heartbeatIntervalSeconds the interval heartbeats are asked for; an instance silent for
 *     three of them is no longer listed
 * @param components sorted by component, namespace, instance
 */
public record FleetComponents(
    String generatedAt,
    String mode,
    int heartbeatIntervalSeconds,
    List<FleetComponent> components) {}
