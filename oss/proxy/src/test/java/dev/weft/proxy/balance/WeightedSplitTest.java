package dev.weft.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedSplitTest {
  @Test
  void ninetyTenLandsWithinFiveStandardDeviations() {
    WeightedSplit<String> split =
        WeightedSplit.of(
            List.of(Map.entry("v1", 90), Map.entry("v2", 10)), new SplittableRandom(1));
    Map<String, Integer> counts = count(split, 10_000);
    // Binomial: mean 1000, standard deviation sqrt(10000 x 0.1 x 0.9) = 30; allow 5 of them.
    int v2 = counts.getOrDefault("v2", 0);
    assertTrue(Math.abs(v2 - 1000) <= 150, "v2 got " + v2 + " of 10000");
    assertEquals(10_000, counts.get("v1") + v2);
  }

  @Test
  void aZeroWeightNeverWinsWhereverItStands() {
    WeightedSplit<String> split =
        WeightedSplit.of(
            List.of(Map.entry("a", 0), Map.entry("b", 1), Map.entry("c", 0), Map.entry("d", 3)),
            new SplittableRandom(2));
    Map<String, Integer> counts = count(split, 10_000);
    assertEquals(2, counts.size(), "only b and d: " + counts);
    assertTrue(Math.abs(counts.get("b") - 2500) <= 250, "b got " + counts);

    WeightedSplit<String> one =
        WeightedSplit.of(List.of(Map.entry("x", 0), Map.entry("y", 7)), new SplittableRandom(3));
    assertEquals(Map.of("y", 1000), count(one, 1000));
  }

  @Test
  void refusesSplitsThatCannotPick() {
    SplittableRandom r = new SplittableRandom(4);
    assertEquals(
        "weight of a: -1 (expected: >= 0)",
        assertThrows(
                IllegalArgumentException.class,
                () -> WeightedSplit.of(List.of(Map.entry("a", -1), Map.entry("b", 1)), r))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> WeightedSplit.of(List.of(Map.entry("a", 0)), r));
    assertThrows(IllegalArgumentException.class, () -> WeightedSplit.of(List.of(), r));
  }

  @Test
  void keepsTheOrderAndWeightsGiven() {
    WeightedSplit<String> split =
        WeightedSplit.of(
            List.of(Map.entry("v1", 90), Map.entry("v2", 10)), new SplittableRandom(5));
    assertEquals(List.of("v1", "v2"), split.targets());
    assertEquals(10, split.weight(1));
    assertEquals("WeightedSplit[v1=90 v2=10]", split.toString());
  }

  private static Map<String, Integer> count(WeightedSplit<String> split, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(split.pick(), 1, Integer::sum);
    }
    return counts;
  }
}
