package dev.weft.cli.up;

import java.util.concurrent.ThreadLocalRandom;

/** A --port-base whose whole block of ports is free now, so tests do not clash with others. */
final class Ports {
  private Ports() {}

  static int freeBase() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20_000 + MeshPorts.SPAN * ThreadLocalRandom.current().nextInt(600);
      boolean free = true;
      for (int p = base; p < base + MeshPorts.SPAN && free; p++) {
        free = PortCheck.free(p);
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free block of " + MeshPorts.SPAN + " ports found");
  }
}
