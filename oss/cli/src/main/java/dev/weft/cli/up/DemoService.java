package dev.weft.cli.up;

/**
 * The services of the demo application. Each runs as one or more {@link DemoPod}s, every pod an
 * application process behind its own proxy; the pods of a service share its identity.
 */
enum DemoService {
  WEB("web"),
  BOOKS("books"),
  AUTHORS("authors");

  static final String NAMESPACE = "demo";
  static final String TRUST_DOMAIN = "cluster.local";

  /** The port in every service's name ({@code books:80}); callers name the service by host only. */
  static final int PORT = 80;

  private final String serviceName;

  DemoService(String serviceName) {
    this.serviceName = serviceName;
  }

  String serviceName() {
    return serviceName;
  }

  /** The name proxies discover the service by: {@code books:80}. */
  String destination() {
    return serviceName + ":" + PORT;
  }

  /** The identity the service's proxies hold; the service account is named like the service. */
  String identity() {
    return serviceName + "." + NAMESPACE + ".serviceaccount.identity.weft." + TRUST_DOMAIN;
  }
}
