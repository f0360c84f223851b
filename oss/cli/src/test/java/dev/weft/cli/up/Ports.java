package dev.weft.cli.up;

import dev.weft.testkit.FreePorts;

/** A --port-base whose whole block of ports is free now, so tests do not clash with others. */
final class Ports {
  private Ports() {}

  static int freeBase() {
    return freeBase(MeshPorts.SPAN);
  }

  /** A free block of {@code span} ports. */
  static int freeBase(int span) {
    return FreePorts.block(span);
  }
}
