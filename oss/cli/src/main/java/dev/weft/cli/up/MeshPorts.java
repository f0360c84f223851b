package dev.weft.cli.up;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every port {@code weft up} listens on, in one block from {@code base} so the printed URLs are
 * stable and {@code --port-base} moves them all. With the default base 7700:
 *
 * <pre>
 * 7700 control plane HTTP (health, metrics, local API)   7701 control plane Identity (gRPC)
 * 7710 web app      7711 web proxy inbound      7712 web proxy outbound      7713 web proxy admin
 * 7720 books app    7721 books proxy inbound    7722 books proxy outbound    7723 books proxy admin
 * 7730 authors app  7731 authors proxy inbound  7732 authors proxy outbound  7733 authors proxy admin
 * </pre>
 */
record MeshPorts(int base) {
  static final int DEFAULT_BASE = 7700;
  static final int MIN_BASE = 1024;
  static final int SPAN = 40;
  static final int MAX_BASE = 65535 - SPAN;

  MeshPorts {
    if (base < MIN_BASE || base > MAX_BASE) {
      throw new IllegalArgumentException(
          "--port-base=" + base + ": out of range (expected: " + MIN_BASE + ".." + MAX_BASE + ")");
    }
  }

  int controlPlaneHttp() {
    return base;
  }

  int identity() {
    return base + 1;
  }

  int app(DemoService s) {
    return base + s.slot();
  }

  int inbound(DemoService s) {
    return base + s.slot() + 1;
  }

  int outbound(DemoService s) {
    return base + s.slot() + 2;
  }

  int admin(DemoService s) {
    return base + s.slot() + 3;
  }

  /** Each port with what listens there, in start order; a busy one is reported by this name. */
  Map<Integer, String> all() {
    Map<Integer, String> ports = new LinkedHashMap<>();
    ports.put(controlPlaneHttp(), "control plane HTTP");
    ports.put(identity(), "control plane Identity gRPC");
    for (DemoService s : DemoService.values()) {
      ports.put(app(s), s.serviceName() + " app");
      ports.put(inbound(s), s.serviceName() + " proxy inbound");
      ports.put(outbound(s), s.serviceName() + " proxy outbound");
      ports.put(admin(s), s.serviceName() + " proxy admin");
    }
    return ports;
  }
}
