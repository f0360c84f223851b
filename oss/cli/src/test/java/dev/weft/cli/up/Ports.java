package dev.weft.cli.up;

import java.util.concurrent.ThreadLocalRandom;

/** A --port-base whose whole block of ports is free now, so tests do not clash with others. */
final class Ports {
  private Ports() {}

  static int freeBase() {
    return freeBase(MeshPorts.SPAN);
  }

  /** A free block of {@code span} ports. */
  static int freeBase(int span) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20_000 + span * ThreadLocalRandom.current().nextInt(36_000 / span);
      boolean free = true;
      for (int p = base; p < base + span && free; p++) {
        free = PortCheck.free(p);
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free block of " + span + " ports found");
  }
}
