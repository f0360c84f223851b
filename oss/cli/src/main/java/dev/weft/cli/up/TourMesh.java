package dev.weft.cli.up;

import java.io.IOException;
import java.time.Duration;

/**
 * What the zone tour reads and does to the mesh: {@link LiveZones} over the running mesh, fakes in
 * tests. Called from the tour's thread only.
 */
interface TourMesh {
  /** The {@code /metrics} text of web's proxy. */
  String webMetrics() throws IOException, InterruptedException;

  /** Makes every books replica of {@code zone} answer {@code delay} late (zero: on time again). */
  void delay(String zone, Duration delay) throws UpException, InterruptedException;

  /** Stops the books replicas of {@code zone} and their proxies, as if the zone went down. */
  void stopZone(String zone) throws UpException, InterruptedException;

  /** Starts them again. */
  void startZone(String zone) throws UpException;
}
