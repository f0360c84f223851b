package dev.weft.proxy.tcp;

import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.ProxyConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;

/** Test proxy configurations that differ in how detection treats a connection. */
final class Configs {
  private Configs() {}

  static ProxyConfig detection(
      InetSocketAddress forward, Duration detectTimeout, Set<Integer> opaquePorts) {
    ProxyConfig c = TestProxy.config(forward);
    return new ProxyConfig(
        c.listeners(),
        c.admin(),
        detectTimeout,
        opaquePorts,
        c.connectTimeout(),
        c.drainTimeout(),
        c.idleTimeout(),
        c.workers(),
        c.maxAuthorities());
  }
}
