package dev.weft.cli.up;

import java.util.ArrayList;
import java.util.List;

/**
 * Which replicas {@code weft up} runs: the default layout ({@link DemoPod#ALL}), or with {@code
 * --zones N} books as {@value #REPLICAS_PER_ZONE} replicas in each of N simulated zones ({@code
 * zone-a}, {@code zone-b}, ...), all of them healthy, web in {@code zone-a} and authors in none.
 */
record DemoTopology(List<DemoPod> pods, List<String> zones) {
  static final int MIN_ZONES = 2;
  static final int MAX_ZONES = 5;
  static final int REPLICAS_PER_ZONE = 2;

  /** The zone web's proxy runs in: the one whose traffic stays local or spills. */
  static final String HOME_ZONE = "zone-a";

  /**
   * The zone replicas take the slots after authors', one block of ten ports each, so that web's and
   * authors' ports do not move between the two layouts.
   */
  static final int FIRST_ZONE_SLOT = 60;

  static final DemoTopology DEFAULT = new DemoTopology(DemoPod.ALL, List.of());

  DemoTopology {
    pods = List.copyOf(pods);
    zones = List.copyOf(zones);
  }

  /** books over {@code n} zones; refused, naming {@code --zones}, outside 2..5. */
  static DemoTopology zones(int n) {
    if (n < MIN_ZONES || n > MAX_ZONES) {
      throw new IllegalArgumentException(
          "--zones=" + n + ": out of range (expected: " + MIN_ZONES + ".." + MAX_ZONES + ")");
    }
    List<String> zones = new ArrayList<>();
    List<DemoPod> pods = new ArrayList<>();
    pods.add(DemoPod.WEB.inZone(HOME_ZONE));
    int slot = FIRST_ZONE_SLOT;
    for (int z = 0; z < n; z++) {
      char letter = (char) ('a' + z);
      String zone = "zone-" + letter;
      zones.add(zone);
      for (int r = 0; r < REPLICAS_PER_ZONE; r++) {
        pods.add(
            new DemoPod(DemoService.BOOKS, "books-" + letter + "-" + r, slot, List.of(), zone));
        slot += 10;
      }
    }
    pods.add(DemoPod.AUTHORS);
    return new DemoTopology(pods, zones);
  }

  boolean zoned() {
    return !zones.isEmpty();
  }

  List<DemoPod> of(DemoService s) {
    return pods.stream().filter(p -> p.service() == s).toList();
  }

  /** The books replicas of {@code zone}. */
  List<DemoPod> books(String zone) {
    return of(DemoService.BOOKS).stream().filter(p -> p.zone().equals(zone)).toList();
  }

  /** How many ports from the base the pods use: up to the end of the last pod's block of ten. */
  int span() {
    return pods.stream().mapToInt(DemoPod::slot).max().orElse(0) + 10;
  }
}
