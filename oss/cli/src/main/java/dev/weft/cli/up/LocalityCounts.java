package dev.weft.cli.up;

import java.util.Locale;

/**
 * Tries of web's proxy over some window, by the {@code dst_zone_locality} label of {@code
 * weft_balancer_endpoint_requests_total}: {@code local}, {@code remote}, {@code unknown}, and
 * {@code unlabelled} for series without the label (a proxy that does not have it yet).
 */
record LocalityCounts(double local, double remote, double unknown, double unlabelled) {
  static final LocalityCounts NONE = new LocalityCounts(0, 0, 0, 0);

  LocalityCounts plus(String locality, double tries) {
    return switch (locality == null ? "" : locality) {
      case "local" -> new LocalityCounts(local + tries, remote, unknown, unlabelled);
      case "remote" -> new LocalityCounts(local, remote + tries, unknown, unlabelled);
      case "" -> new LocalityCounts(local, remote, unknown, unlabelled + tries);
      default -> new LocalityCounts(local, remote, unknown + tries, unlabelled);
    };
  }

  double labelled() {
    return local + remote + unknown;
  }

  double total() {
    return labelled() + unlabelled;
  }

  /**
   * The in-zone share as a line's text: {@code in-zone 99.6% (local 1204 remote 5)}, or {@code
   * in-zone n/a (...)} saying why there is none.
   */
  String describe() {
    if (labelled() > 0) {
      return String.format(
          Locale.ROOT,
          "in-zone %5.1f%%  (local %d remote %d%s)",
          100 * local / labelled(),
          Math.round(local),
          Math.round(remote),
          unknown > 0 ? " unknown " + Math.round(unknown) : "");
    }
    if (unlabelled > 0) {
      return "in-zone   n/a  (web's proxy has no dst_zone_locality label; "
          + Math.round(unlabelled)
          + " tries)";
    }
    return "in-zone   n/a  (no tries)";
  }
}
