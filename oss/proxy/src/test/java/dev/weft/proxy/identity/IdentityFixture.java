package dev.weft.proxy.identity;

import dev.weft.proxy.PromText;
import dev.weft.proxy.tls.TestCa;
import dev.weft.testkit.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Everything an identity test needs: a manual clock and scheduler, a test CA behind a real Certify
 * server on 127.0.0.1, a token file and a trust anchors file, and a metrics registry to scrape.
 */
final class IdentityFixture implements AutoCloseable {
  static final String NAME = "web.demo.serviceaccount.identity.weft.cluster.local";
  static final Duration RELOAD = Duration.ofSeconds(10);

  final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final ManualScheduler scheduler = new ManualScheduler(clock);
  final TestCa ca = TestCa.create("mesh");
  final TestCertifyServer server = new TestCertifyServer(ca, clock);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final Path tokenFile;
  final Path trustFile;
  private final List<WorkloadIdentity> started = new ArrayList<>();

  IdentityFixture(Path dir) throws IOException {
    tokenFile = dir.resolve("token");
    trustFile = dir.resolve("trust-bundle.pem");
    Files.writeString(tokenFile, "token-1\n");
    writeTrust(ca.root());
  }

  void writeTrust(X509Certificate... roots) throws IOException {
    Files.writeString(trustFile, TestCa.pem(roots));
  }

  IdentityConfig config(String name) {
    return new IdentityConfig(name, tokenFile, trustFile, server.address(), RELOAD);
  }

  WorkloadIdentity start() {
    return start(NAME);
  }

  WorkloadIdentity start(String name) {
    // One identity per registry, as in a proxy: a second one gets its own.
    WorkloadIdentity identity =
        WorkloadIdentity.start(
            config(name),
            name.equals(NAME) ? registry : new SimpleMeterRegistry(),
            clock,
            scheduler,
            new SplittableRandom(42));
    started.add(identity);
    return identity;
  }

  double metric(String name, Map<String, String> labels) {
    return new PromText(registry.scrape()).sum(name, labels);
  }

  double metric(String name) {
    return new PromText(registry.scrape()).sum(name);
  }

  @Override
  public void close() {
    started.forEach(WorkloadIdentity::close);
    server.close();
  }
}
