package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --balancer NAME --balancer-config k=v,...}: the syntax only, each error naming its flag.
 */
class BooksBalancerTest {
  @Test
  void configIsKeptInOrderAndAPieceWithoutEqualsContinuesAList() {
    BooksBalancer b =
        BooksBalancer.parse(
            "hazl", List.of("band.low=0.5,zone.order=zone-c,zone-b,band.high=3", "load.decay=2s"));
    assertEquals(
        Map.of(
            "band.low", "0.5", "zone.order", "zone-c,zone-b", "band.high", "3", "load.decay", "2s"),
        b.config());
    assertEquals(
        "balancer hazl band.low=0.5 zone.order=zone-c,zone-b band.high=3 load.decay=2s",
        b.registryLine());
    assertEquals(
        "balancer my-balancer-2", BooksBalancer.parse("my-balancer-2", List.of()).registryLine());
  }

  @Test
  void badNamesAndConfigAreRefusedNamingTheFlag() {
    assertEquals(
        "--balancer=HAZL!: invalid (expected: a balancer name such as p2c-peak-ewma)",
        refused("HAZL!", List.of()));
    assertEquals(
        "--balancer-config=zone-b,band.low=1: 'zone-b' is not key=value (expected: key=value,...)",
        refused("hazl", List.of("zone-b,band.low=1")));
    assertEquals(
        "--balancer-config=band.low=: band.low has no value",
        refused("hazl", List.of("band.low=")));
    assertEquals(
        "--balancer-config=a=1,a=2: a is given twice", refused("hazl", List.of("a=1,a=2")));
    assertEquals(
        "--balancer-config=band low=1: key 'band low' (expected: letters, digits, '.', '_', '-')",
        refused("hazl", List.of("band low=1")));
    assertEquals(
        "--balancer-config=a=1#x: a='1#x' (expected: no blank, '#' or '=' in a value)",
        refused("hazl", List.of("a=1#x")));
    assertEquals(
        "--balancer-config=a=1,: '' is not key=value (expected: key=value,...)",
        refused("hazl", List.of("a=1,")));
  }

  private static String refused(String name, List<String> config) {
    return assertThrows(IllegalArgumentException.class, () -> BooksBalancer.parse(name, config))
        .getMessage();
  }
}
