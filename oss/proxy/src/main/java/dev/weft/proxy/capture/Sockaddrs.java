package dev.weft.proxy.capture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes the {@code struct sockaddr_in} and {@code struct sockaddr_in6} the kernel writes for
 * {@code SO_ORIGINAL_DST}: the family in host byte order, then the port and the address in network
 * byte order.
 */
public final class Sockaddrs {
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int SOCKADDR_IN = 16;
  static final int SOCKADDR_IN6 = 28;

  private Sockaddrs() {}

  /**
   * The address in the first {@code length} bytes of {@code raw}.
   *
   * @param order the host's byte order (the family field's)
   * @throws IllegalArgumentException when the bytes are not a sockaddr_in or sockaddr_in6
   */
  public static InetSocketAddress decode(byte[] raw, int length, ByteOrder order) {
    if (length < 2 || length > raw.length) {
      throw new IllegalArgumentException("sockaddr of " + length + " bytes (expected: 16 or 28)");
    }
    ByteBuffer b = ByteBuffer.wrap(raw, 0, length);
    int family = b.order(order).getShort(0) & 0xffff;
    b.order(ByteOrder.BIG_ENDIAN);
    byte[] addr;
    if (family == AF_INET && length >= SOCKADDR_IN) {
      addr = new byte[4];
      b.get(4, addr);
    } else if (family == AF_INET6 && length >= SOCKADDR_IN6) {
      addr = new byte[16];
      b.get(8, addr);
    } else {
      throw new IllegalArgumentException(
          "sockaddr of family "
              + family
              + " and "
              + length
              + " bytes (expected: AF_INET in 16"
              + " bytes or AF_INET6 in 28)");
    }
    int port = b.getShort(2) & 0xffff;
    try {
      return new InetSocketAddress(InetAddress.getByAddress(addr), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e.getMessage(), e); // only for a wrong length: never
    }
  }
}
