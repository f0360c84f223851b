package dev.weft.cli.up;

/**
 * The services of the demo application, each run behind its own proxy. {@code slot} places the
 * service's four ports (app, proxy inbound, proxy outbound, proxy admin) in the port block.
 */
enum DemoService {
  WEB("web", 10),
  BOOKS("books", 20),
  AUTHORS("authors", 30);

  static final String NAMESPACE = "demo";
  static final String TRUST_DOMAIN = "cluster.local";

  private final String serviceName;
  private final int slot;

  DemoService(String serviceName, int slot) {
    this.serviceName = serviceName;
    this.slot = slot;
  }

  String serviceName() {
    return serviceName;
  }

  int slot() {
    return slot;
  }

  /** The identity the service's proxy holds; the service account is named like the service. */
  String identity() {
    return serviceName + "." + NAMESPACE + ".serviceaccount.identity.weft." + TRUST_DOMAIN;
  }

  String proxyName() {
    return serviceName + "-proxy";
  }
}
