package dev.weft.controlplane.discovery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A service as proxies name it: {@code host:port}, lower case, no trailing dot. Kubernetes services
 * are {@code svc.ns.svc.cluster-domain:port}; the local registry takes any host ({@code books:80}).
 * The host may also be an IP literal, IPv6 in brackets ({@code [fd00::1]:80}), for a Service's
 * ClusterIP; IPv6 is kept in one canonical form so that every spelling names the same service.
 */
public record ServiceName(String host, int port) {
  private static final Pattern HOST =
      Pattern.compile(
          "[a-z0-9]([-a-z0-9_]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9_]{0,61}[a-z0-9])?)*");

  public ServiceName {
    if (host != null && host.startsWith("[") && host.endsWith("]")) {
      host = "[" + ipv6(host.substring(1, host.length() - 1)) + "]";
    } else if (host == null || host.length() > 253 || !HOST.matcher(host).matches()) {
      throw new IllegalArgumentException(
          "host '" + host + "' (expected: a lower-case DNS name such as books or books.demo)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " (expected: 1..65535)");
    }
  }

  /**
   * Parses {@code host:port}; upper case and a trailing dot on the host are normalized away, as a
   * proxy does with an authority.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static ServiceName parse(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name is empty (expected: host:port such as books:80)");
    }
    int colon = name.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "name '" + name + "' has no port (expected: host:port such as books:80)");
    }
    String host = name.substring(0, colon).toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    String port = name.substring(colon + 1);
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "name '" + name + "': port '" + port + "' is not a number (expected: 1..65535)");
    }
    try {
      return new ServiceName(host, number);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("name '" + name + "': " + e.getMessage(), e);
    }
  }

  private static String ipv6(String literal) {
    try {
      if (InetAddress.ofLiteral(literal) instanceof Inet6Address address) {
        return address.getHostAddress();
      }
    } catch (IllegalArgumentException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "host '[" + literal + "]' (expected: an IPv6 literal in brackets such as [fd00::1])");
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
