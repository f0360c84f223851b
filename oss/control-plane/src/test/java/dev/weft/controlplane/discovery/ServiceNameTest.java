package dev.weft.controlplane.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Names as proxies send them, including a ClusterIP:PORT original destination. */
class ServiceNameTest {
  @Test
  void hostsAreLowerCasedAndLoseTheirTrailingDot() {
    assertEquals(new ServiceName("books.demo", 80), ServiceName.parse("Books.Demo.:80"));
  }

  @Test
  void ipv4AndBracketedIpv6AreNamesAndIpv6HasOneSpelling() {
    assertEquals("10.96.0.10:80", ServiceName.parse("10.96.0.10:80").toString());
    ServiceName ipv6 = ServiceName.parse("[FD00::A]:80");
    assertEquals(ipv6, ServiceName.parse("[fd00:0:0:0:0:0:0:a]:80"));
    assertEquals(ipv6, new ServiceName("[fd00::a]", 80));
  }

  @Test
  void anIpv6LiteralNeedsBracketsAndMustBeIpv6() {
    assertEquals(
        "name 'fd00::a:80': host 'fd00::a' (expected: a lower-case DNS name such as books or"
            + " books.demo)",
        assertThrows(IllegalArgumentException.class, () -> ServiceName.parse("fd00::a:80"))
            .getMessage());
    assertEquals(
        "name '[10.0.0.1]:80': host '[10.0.0.1]' (expected: an IPv6 literal in brackets such as"
            + " [fd00::1])",
        assertThrows(IllegalArgumentException.class, () -> ServiceName.parse("[10.0.0.1]:80"))
            .getMessage());
  }
}
