package dev.weft.controlplane.identity.serving;

import static dev.weft.controlplane.discovery.Snapshots.books;
import static dev.weft.controlplane.discovery.Snapshots.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.controlplane.GrpcServer;
import dev.weft.controlplane.GrpcTlsClient;
import dev.weft.controlplane.discovery.DestinationService;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.DiscoveryMetrics;
import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.TestCa;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import dev.weft.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC port's own certificate over real TLS connections: it names the control plane, is renewed
 * before it expires and when the issuer changes, and a renewal leaves open streams alone.
 */
class ServingCertificateTest {
  static final IdentityName SELF = new IdentityName("weft-control-plane", "weft", "cluster.local");

  private final CaHolder ca = new CaHolder();
  private final DiscoveryIndex index = new DiscoveryIndex();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private ServingCertificate serving;
  private GrpcServer server;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
    executor.shutdownNow();
  }

  @Test
  void isRenewedBeforeItExpiresWhileAStreamOpenedBeforeKeepsWorking() throws Exception {
    TestCa testCa = TestCa.create(Instant.now());
    ca.publish(testCa.snapshot());
    start(Duration.ofSeconds(4));
    index.markSynced();
    index.publish(books("first", endpoint("10.0.0.1:80", 0)));
    GrpcTlsClient first = new GrpcTlsClient();
    WatchClient watch =
        track(
            WatchClient.watch(
                first.builder(server.port(), List.of(testCa.root()), SELF.name()), "books:80"));
    Await.until(() -> watch.endpoints().containsKey("10.0.0.1:80"), "the first endpoints");
    X509Certificate before = first.presented();
    assertEquals(SELF.name(), dnsName(before));

    Await.until(
        Duration.ofSeconds(20),
        "a renewal of the certificate the stream's connection saw",
        () -> !serving.current().orElseThrow().equals(before));

    index.publish(books("second", endpoint("10.0.0.1:80", 0), endpoint("10.0.0.2:80", 0)));
    Await.until(
        () -> watch.endpoints().keySet().equals(Set.of("10.0.0.1:80", "10.0.0.2:80")),
        "the open stream still getting updates after the renewal");
    assertEquals(null, watch.error());
    GrpcTlsClient later = new GrpcTlsClient();
    WatchClient again =
        track(
            WatchClient.watch(
                later.builder(server.port(), List.of(testCa.root()), SELF.name()), "books:80"));
    Await.until(() -> again.endpoints().size() == 2, "a new connection");
    assertNotEquals(before, later.presented());
    assertEquals(SELF.name(), dnsName(later.presented()));
  }

  @Test
  void isReplacedAtOnceWhenTheIssuerChanges() throws Exception {
    start(Duration.ofHours(24));
    assertTrue(serving.current().isEmpty(), "no certificate before an issuer is loaded");
    TestCa old = TestCa.create(Instant.now());
    ca.publish(old.snapshot());
    Await.until(() -> serving.current().isPresent(), "the first certificate");
    X509Certificate first = serving.current().orElseThrow();
    first.verify(old.issuer().certificate().getPublicKey());

    TestCa moved = TestCa.create(Instant.now());
    ca.publish(moved.snapshot());
    Await.until(
        () -> !serving.current().orElseThrow().equals(first), "a certificate from the new issuer");
    serving.current().orElseThrow().verify(moved.issuer().certificate().getPublicKey());

    index.markSynced();
    index.publish(books("first", endpoint("10.0.0.1:80", 0)));
    GrpcTlsClient client = new GrpcTlsClient();
    WatchClient watch =
        track(
            WatchClient.watch(
                client.builder(server.port(), List.of(moved.root()), SELF.name()), "books:80"));
    Await.until(() -> watch.endpoints().size() == 1, "a client trusting only the new root");
    assertEquals(serving.current().orElseThrow(), client.presented());
  }

  private void start(Duration lifetime) throws Exception {
    SecureRandom random = new SecureRandom();
    serving =
        track(
            ServingCertificate.start(
                SELF,
                ca,
                new CertificateAuthority(Clock.systemUTC(), random, lifetime),
                Clock.systemUTC(),
                random));
    server =
        track(
            GrpcServer.start(
                "127.0.0.1",
                0,
                serving.serverContext(),
                new DestinationService(
                    index,
                    new DiscoveryMetrics(new SimpleMeterRegistry(), index, () -> 0),
                    executor)));
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  private static String dnsName(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .filter(san -> (Integer) san.get(0) == 2)
        .map(san -> (String) san.get(1))
        .findFirst()
        .orElseThrow();
  }
}
