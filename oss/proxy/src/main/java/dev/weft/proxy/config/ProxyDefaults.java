package dev.weft.proxy.config;

/** Defaults that are shared with the documentation. */
final class ProxyDefaults {
  /**
   * Server-speaks-first and otherwise undetectable protocols, as Linkerd ships them: SMTP, MySQL,
   * Galera, PostgreSQL, Redis, Elasticsearch transport, memcached.
   */
  static final String OPAQUE_PORTS = "25,587,3306,4444,5432,6379,9300,11211";

  private ProxyDefaults() {}
}
