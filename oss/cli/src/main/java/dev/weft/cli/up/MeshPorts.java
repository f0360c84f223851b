package dev.weft.cli.up;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every port {@code weft up} listens on, in one block from {@code base} so the printed URLs are
 * stable and {@code --port-base} moves them all. Each {@link DemoPod} has four ports at its slot.
 * With the default base 7700:
 *
 * <pre>
 * 7700 control plane HTTP (health, metrics, local API)   7701 control plane Identity and Destination (gRPC)
 * 7710 web app      7711 web proxy inbound      7712 web proxy outbound      7713 web proxy admin
 * 7720 books-0 app  7721 books-0 proxy inbound  7722 books-0 proxy outbound  7723 books-0 proxy admin
 * 7730 books-1 app  7731 books-1 proxy inbound  7732 books-1 proxy outbound  7733 books-1 proxy admin
 * 7740 books-2 app  7741 books-2 proxy inbound  7742 books-2 proxy outbound  7743 books-2 proxy admin
 * 7750 authors app  7751 authors proxy inbound  7752 authors proxy outbound  7753 authors proxy admin
 * </pre>
 *
 * <p>With zones ({@link DemoTopology#zones}) the books replicas take the blocks from N+60 instead,
 * one per replica ({@code books-a-0} at N+60..63, {@code books-a-1} at N+70..73, ...): {@code span}
 * is then larger than {@link #SPAN}.
 */
record MeshPorts(int base, int span) {
  static final int DEFAULT_BASE = 7700;
  static final int MIN_BASE = 1024;
  static final int SPAN = 60;
  static final int MAX_BASE = 65535 - SPAN;

  MeshPorts {
    if (base < MIN_BASE || base > 65535 - span) {
      throw new IllegalArgumentException(
          "--port-base="
              + base
              + ": out of range (expected: "
              + MIN_BASE
              + ".."
              + (65535 - span)
              + ")");
    }
  }

  /** The ports of the default layout. */
  MeshPorts(int base) {
    this(base, SPAN);
  }

  /** The ports of {@code topology}'s pods. */
  MeshPorts(int base, DemoTopology topology) {
    this(base, topology.span());
  }

  int controlPlaneHttp() {
    return base;
  }

  /** Identity and Destination: the proxies' one address for the control plane. */
  int identity() {
    return base + 1;
  }

  int app(DemoPod p) {
    return base + p.slot();
  }

  int inbound(DemoPod p) {
    return base + p.slot() + 1;
  }

  int outbound(DemoPod p) {
    return base + p.slot() + 2;
  }

  int admin(DemoPod p) {
    return base + p.slot() + 3;
  }

  /**
   * Each port of {@code pods} (and the control plane) with what listens there, in start order; a
   * busy one is reported by this name.
   */
  Map<Integer, String> all(List<DemoPod> pods) {
    Map<Integer, String> ports = new LinkedHashMap<>();
    ports.put(controlPlaneHttp(), "control plane HTTP");
    ports.put(identity(), "control plane Identity and Destination gRPC");
    for (DemoPod p : pods) {
      ports.put(app(p), p.name() + " app");
      ports.put(inbound(p), p.name() + " proxy inbound");
      ports.put(outbound(p), p.name() + " proxy outbound");
      ports.put(admin(p), p.name() + " proxy admin");
    }
    return ports;
  }
}
