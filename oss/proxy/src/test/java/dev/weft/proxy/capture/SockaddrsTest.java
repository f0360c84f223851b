package dev.weft.proxy.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The kernel's sockaddr bytes: family in host order, port and address in network order. */
class SockaddrsTest {
  @Test
  void ipv4OnALittleEndianHost() {
    byte[] raw = {
      2,
      0, // AF_INET, little-endian
      0x1f,
      (byte) 0x90, // port 8080
      10,
      77,
      0,
      1, // 10.77.0.1
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0 // sin_zero
    };
    assertEquals(
        new InetSocketAddress("10.77.0.1", 8080),
        Sockaddrs.decode(raw, 16, ByteOrder.LITTLE_ENDIAN));
  }

  @Test
  void ipv4OnABigEndianHost() {
    byte[] raw = {
      0, 2, (byte) 0xff, (byte) 0xff, (byte) 192, (byte) 168, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0
    };
    assertEquals(
        new InetSocketAddress("192.168.1.2", 65535),
        Sockaddrs.decode(raw, 16, ByteOrder.BIG_ENDIAN));
  }

  @Test
  void ipv6() {
    byte[] raw = new byte[28];
    raw[0] = 10; // AF_INET6, little-endian
    raw[2] = 0x00;
    raw[3] = 80;
    raw[4] = 1; // flow info, ignored
    raw[8] = (byte) 0xfd;
    raw[9] = 0x00;
    raw[23] = 5; // fd00::5
    raw[24] = 3; // scope id, ignored
    InetSocketAddress a = Sockaddrs.decode(raw, 28, ByteOrder.LITTLE_ENDIAN);
    assertEquals(new InetSocketAddress("fd00::5", 80), a);
  }

  @Test
  void refusesWhatIsNotASockaddr() {
    byte[] shortV6 = new byte[28];
    shortV6[0] = 10;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Sockaddrs.decode(shortV6, 16, ByteOrder.LITTLE_ENDIAN));
    assertTrue(e.getMessage().contains("family 10 and 16 bytes"), e.getMessage());
    byte[] unix = new byte[16];
    unix[0] = 1; // AF_UNIX
    assertThrows(
        IllegalArgumentException.class, () -> Sockaddrs.decode(unix, 16, ByteOrder.LITTLE_ENDIAN));
    assertThrows(
        IllegalArgumentException.class, () -> Sockaddrs.decode(unix, 40, ByteOrder.LITTLE_ENDIAN));
  }
}
