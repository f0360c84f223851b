package dev.weft.proxy.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Address names fall through to the address itself; other names are discovery's alone. */
class AddressFallbackResolverTest {
  private static final InetSocketAddress KNOWN = new InetSocketAddress("10.1.0.7", 7000);

  /** Knows one alias: 10.96.0.10:80, a ClusterIP, whose endpoint is KNOWN. */
  private final Resolver discovery =
      new StaticResolver(
          Map.of(
              "10.96.0.10:80",
              Map.of(KNOWN, new EndpointSpec(KNOWN, 100, "", "", Map.of(), true))));

  private final Resolver resolver = new AddressFallbackResolver(discovery);

  /** What a listener heard: "endpoints" lists, or "missing". */
  private static final class Heard implements ServiceListener {
    final List<Object> events = new ArrayList<>();

    @Override
    public void endpoints(Map<InetSocketAddress, EndpointSpec> endpoints) {
      events.add(endpoints.keySet());
    }

    @Override
    public void policy(ServicePolicy policy) {}

    @Override
    public void noSuchService(String reason) {
      events.add("missing");
    }
  }

  private List<Object> watch(String name) {
    Heard h = new Heard();
    resolver.watch(name, h);
    return h.events;
  }

  @Test
  void anAliasDiscoveryKnowsIsItsService() {
    assertEquals(List.of(java.util.Set.of(KNOWN)), watch("10.96.0.10:80"));
  }

  @Test
  void anAddressDiscoveryDoesNotKnowIsTheAddressItself() {
    assertEquals(
        List.of(java.util.Set.of(new InetSocketAddress("10.77.0.2", 8080))),
        watch("10.77.0.2:8080"));
    assertEquals(
        List.of(java.util.Set.of(new InetSocketAddress("fd00::2", 443))), watch("[fd00::2]:443"));
  }

  @Test
  void aHostNameStaysMissing() {
    assertEquals(List.of("missing"), watch("books.demo.svc.cluster.local:80"));
    assertEquals(List.of("missing"), watch("999.1.1.1:80"));
  }

  @Test
  void onlyLiteralsAreAddresses() {
    assertNull(AddressFallbackResolver.address("books:80"));
    assertNull(AddressFallbackResolver.address("10.0.0.1:0"));
    assertNull(AddressFallbackResolver.address("10.0.0.1"));
    assertNull(AddressFallbackResolver.address("[books]:80"));
    assertEquals(
        new InetSocketAddress("10.0.0.1", 80), AddressFallbackResolver.address("10.0.0.1:80"));
  }
}
