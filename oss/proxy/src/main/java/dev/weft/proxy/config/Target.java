package dev.weft.proxy.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where traffic goes: an address, and the identity of the proxy there when it is meshed.
 *
 * @param address the peer's address
 * @param identity the peer proxy's identity, which its certificate must name exactly; {@code null}
 *     for a plaintext target (an unmeshed service, or the local application)
 */
public record Target(InetSocketAddress address, String identity) {
  public Target {
    Objects.requireNonNull(address, "address");
  }

  public boolean meshed() {
    return identity != null;
  }

  /** The address as {@code ip:port}, as metrics and error messages show it. */
  public String addressText() {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  @Override
  public String toString() {
    return identity == null ? addressText() : addressText() + " (" + identity + ")";
  }
}
