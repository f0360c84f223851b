package dev.weft.controlplane.discovery;

import dev.weft.api.destination.v1.Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** An endpoint's IP literal and port; the key of an endpoint within a service. */
public record EndpointAddress(String ip, int port) {
  public EndpointAddress {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " (expected: 1..65535)");
    }
    try {
      // Canonical form, so "::1" and "0:0::1" are one endpoint.
      ip = InetAddress.ofLiteral(ip).getHostAddress();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "address '" + ip + "' (expected: an IPv4 or IPv6 literal)", e);
    }
  }

  /**
   * Parses {@code ip:port} or {@code [ipv6]:port}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static EndpointAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("no port (expected: IP:PORT such as 127.0.0.1:8080)");
    }
    String ip = text.substring(0, colon);
    if (ip.startsWith("[") && ip.endsWith("]")) {
      ip = ip.substring(1, ip.length() - 1);
    } else if (ip.contains(":")) {
      throw new IllegalArgumentException(
          "IPv6 address without brackets (expected: [IPV6]:PORT such as [::1]:8080)");
    }
    String port = text.substring(colon + 1);
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "port '" + port + "' is not a number (expected: 1..65535)");
    }
    return new EndpointAddress(ip, number);
  }

  Address toProto() {
    return Address.newBuilder().setIp(ip).setPort(port).build();
  }

  @Override
  public String toString() {
    try {
      return InetAddress.ofLiteral(ip) instanceof Inet6Address
          ? "[" + ip + "]:" + port
          : ip + ":" + port;
    } catch (IllegalArgumentException e) {
      return ip + ":" + port;
    }
  }
}
