package dev.weft.proxy.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Discovery for a transparent listener: a name that is an address ({@code 10.96.0.10:80}, {@code
 * [fd00::1]:80}) is first asked of {@code delegate} (the control plane aliases a Service's
 * ClusterIP:port to the Service); when that says there is no such service, the name is a service of
 * one endpoint, the address itself, so traffic goes where its client sent it. Other names are the
 * delegate's alone. Thread-safe; does not own the delegate.
 */
public final class AddressFallbackResolver implements Resolver {
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])";

  private final Resolver delegate;

  public AddressFallbackResolver(Resolver delegate) {
    this.delegate = delegate;
  }

  @Override
  public AutoCloseable watch(String name, ServiceListener listener) {
    InetSocketAddress address = address(name);
    if (address == null) {
      return delegate.watch(name, listener);
    }
    return delegate.watch(
        name,
        new ServiceListener() {
          @Override
          public void endpoints(Map<InetSocketAddress, EndpointSpec> endpoints) {
            listener.endpoints(endpoints);
          }

          @Override
          public void policy(ServicePolicy policy) {
            listener.policy(policy);
          }

          @Override
          public void noSuchService(String reason) {
            listener.policy(ServicePolicy.DEFAULT);
            listener.endpoints(
                Map.of(
                    address,
                    new EndpointSpec(
                        address, EndpointSpec.DEFAULT_WEIGHT, "", "", Map.of(), true)));
          }
        });
  }

  /** The address a service name spells, or null when it names a host. */
  static InetSocketAddress address(String name) {
    int colon = name.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String host = name.substring(0, colon);
    boolean v6 = host.startsWith("[") && host.endsWith("]");
    if (v6) {
      host = host.substring(1, host.length() - 1);
    } else if (!host.matches(OCTET + "(\\." + OCTET + "){3}")) {
      return null;
    }
    if (v6 && !host.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      return null;
    }
    int port;
    try {
      port = Integer.parseInt(name.substring(colon + 1));
      // A literal: no name lookup happens.
      return port < 1 || port > 65535
          ? null
          : new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (NumberFormatException | UnknownHostException e) {
      return null;
    }
  }
}
