package dev.weft.proxy.outbound;

/**
 * Where an endpoint is seen from this proxy, the {@code dst_zone_locality} label: {@code local}
 * when the proxy has a zone and the endpoint is in it; {@code remote} when the proxy has a zone and
 * the endpoint is elsewhere, a zone-less endpoint included (it is "another zone" as far as the
 * proxy can tell); {@code unknown} when the proxy has no zone.
 */
enum Locality {
  LOCAL("local"),
  REMOTE("remote"),
  UNKNOWN("unknown");

  private final String label;

  Locality(String label) {
    this.label = label;
  }

  static Locality of(String proxyZone, String endpointZone) {
    if (proxyZone.isEmpty()) {
      return UNKNOWN;
    }
    return proxyZone.equals(endpointZone) ? LOCAL : REMOTE;
  }

  String label() {
    return label;
  }
}
