package dev.weft.proxy.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One listener: where it binds, where it forwards, and which direction its traffic is reported as.
 *
 * @param name the direction label of its metrics ({@code inbound} or {@code outbound})
 * @param bind the local address to accept on
 * @param forward the address every accepted connection is forwarded to
 */
public record ListenerConfig(String name, InetSocketAddress bind, InetSocketAddress forward) {
  public ListenerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(forward, "forward");
  }
}
