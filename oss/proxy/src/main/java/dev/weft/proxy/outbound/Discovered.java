package dev.weft.proxy.outbound;

import java.util.function.Function;

/**
 * How a listener's requests reach discovered services: the service an authority names (null when it
 * names none), and the cache that holds them.
 */
public record Discovered(OutboundTargets targets, Function<String, Service> services) {}
