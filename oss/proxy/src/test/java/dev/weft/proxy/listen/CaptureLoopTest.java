package dev.weft.proxy.listen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** An original destination that is the listener itself is a loop, and nothing else is. */
class CaptureLoopTest {
  private static InetSocketAddress a(String host, int port) {
    return new InetSocketAddress(host, port);
  }

  @Test
  void inboundOnAWildcardAddress() {
    InetSocketAddress bind = a("0.0.0.0", 4143);
    InetSocketAddress local = a("10.77.0.1", 4143);
    assertTrue(Capture.loops(a("10.77.0.1", 4143), bind, local));
    assertTrue(Capture.loops(a("10.77.0.9", 4143), bind, local));
    assertFalse(Capture.loops(a("10.77.0.1", 8080), bind, local));
  }

  @Test
  void outboundOnLoopback() {
    InetSocketAddress bind = a("127.0.0.1", 4140);
    InetSocketAddress local = a("127.0.0.1", 4140);
    assertTrue(Capture.loops(a("127.0.0.1", 4140), bind, local));
    // Another host's port 4140 is a destination like any other.
    assertFalse(Capture.loops(a("10.1.2.3", 4140), bind, local));
    assertFalse(Capture.loops(a("127.0.0.1", 4141), bind, local));
  }
}
