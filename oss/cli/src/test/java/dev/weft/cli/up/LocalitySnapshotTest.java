package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Web's tries by dst_zone_locality, read from a Prometheus text, and their differences. */
class LocalitySnapshotTest {
  private static final String M = "weft_balancer_endpoint_requests_total";

  @Test
  void sumsTheSeriesByLocalityWhateverTheLabelOrderAndSkipsWhatDoesNotParse() {
    String text =
        String.join(
            "\n",
            "# TYPE " + M + " counter",
            M + "{dst_zone_locality=\"local\",outcome=\"success\"} 1200.0",
            M + "{outcome=\"failure\",dst_zone_locality=\"local\"} 4",
            M + "{dst_pod=\"a \\\"quoted\\\", b}\",dst_zone_locality=\"remote\"} 5.0 1700000000",
            M + "{dst_zone_locality=\"unknown\"} 3e1",
            M + "{dst_zone=\"zone-a\"} 7",
            M + "{dst_zone_locality=\"local\" 99",
            M + "{dst_zone_locality=\"local\"} NaN",
            M + "_created{dst_zone_locality=\"local\"} 1.7E9",
            "weft_balancer_endpoints{dst_zone_locality=\"local\"} 3");
    assertEquals(new LocalityCounts(1204, 5, 30, 7), LocalitySnapshot.parse(text).counts());
    assertEquals(
        "in-zone  97.2%  (local 1204 remote 5 unknown 30)",
        LocalitySnapshot.parse(text).counts().describe());
  }

  @Test
  void triesBetweenTwoReadsCountNewSeriesFromZeroAndIgnoreGoneOnes() {
    LocalitySnapshot before =
        LocalitySnapshot.parse(
            String.join(
                "\n",
                M + "{dst_pod=\"a\",dst_zone_locality=\"local\"} 100",
                M + "{dst_pod=\"b\",dst_zone_locality=\"remote\"} 50",
                M + "{dst_pod=\"gone\",dst_zone_locality=\"remote\"} 70"));
    LocalitySnapshot after =
        LocalitySnapshot.parse(
            String.join(
                "\n",
                M + "{dst_pod=\"a\",dst_zone_locality=\"local\"} 130",
                // A counter that went down was restarted: it counts from zero.
                M + "{dst_pod=\"b\",dst_zone_locality=\"remote\"} 6",
                M + "{dst_pod=\"new\",dst_zone_locality=\"remote\"} 4"));
    assertEquals(new LocalityCounts(30, 10, 0, 0), after.since(before));
    assertEquals("in-zone  75.0%  (local 30 remote 10)", after.since(before).describe());
    assertEquals("in-zone   n/a  (no tries)", before.since(before).describe());
  }
}
