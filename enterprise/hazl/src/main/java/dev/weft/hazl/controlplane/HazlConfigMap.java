package dev.weft.hazl.controlplane;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's HAZL settings as ConfigMap {@value #NAME} holds them (keys {@code enabled}, {@code
 * band.low}, {@code band.high}, {@code zone.order}, {@code load.decay}; each optional, blank is
 * absent). Every key is checked, so that one reading names every bad value.
 */
final class HazlConfigMap {
  static final String NAME = "weft-hazl";
  static final List<String> KEYS =
      List.of("enabled", "band.low", "band.high", "zone.order", "load.decay");

  /** Reads one key of the ConfigMap; empty when it (or the ConfigMap) does not exist. */
  @FunctionalInterface
  interface Reader {
    /**
     * @throws RuntimeException when the API server cannot be asked
     */
    Optional<String> read(String key);
  }

  /**
   * One reading.
   *
   * @param settings the settings when every value is valid, else null
   * @param problems one line per bad value, naming its key
   * @param empty whether no key was set at all (no ConfigMap, as far as can be told)
   */
  record Reading(HazlSettings settings, List<String> problems, boolean empty) {
    Reading {
      problems = List.copyOf(problems);
    }
  }

  private HazlConfigMap() {}

  static Reading read(Reader reader) {
    HazlSettings d = HazlSettings.DEFAULTS;
    List<String> problems = new ArrayList<>();
    boolean empty = true;
    boolean enabled = d.enabled();
    double low = d.bandLow();
    double high = d.bandHigh();
    List<String> zones = d.zoneOrder();
    Duration decay = d.loadDecay();
    boolean lowOk = true;
    boolean highOk = true;
    for (String key : KEYS) {
      Optional<String> value = reader.read(key).filter(v -> !v.isBlank());
      if (value.isEmpty()) {
        continue;
      }
      empty = false;
      String text = value.get();
      try {
        switch (key) {
          case "enabled" -> enabled = HazlValues.bool(key, text);
          case "band.low" -> low = HazlValues.bandEnd(key, text, "a number > 0 and < band.high");
          case "band.high" ->
              high = HazlValues.bandEnd(key, text, "a number > band.low and <= 1000");
          case "zone.order" -> zones = HazlValues.zoneOrder(key, text);
          default -> decay = HazlValues.decay(key, text);
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
        lowOk &= !key.equals("band.low");
        highOk &= !key.equals("band.high");
      }
    }
    if (lowOk && highOk && low >= high) {
      problems.add(HazlValues.notBelow("band.low", low, high));
    }
    return problems.isEmpty()
        ? new Reading(new HazlSettings(enabled, low, high, zones, decay), problems, empty)
        : new Reading(null, problems, empty);
  }
}
