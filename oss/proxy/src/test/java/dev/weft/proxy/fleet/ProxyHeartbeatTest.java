package dev.weft.proxy.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import dev.weft.api.fleet.v1.Edge;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.HeartbeatReply;
import dev.weft.api.fleet.v1.IdentityProof;
import dev.weft.api.fleet.v1.IdentityProofText;
import dev.weft.proxy.Proxy;
import dev.weft.proxy.ProxyMain;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.admin.EmbeddedSbom;
import dev.weft.proxy.config.DiscoveryConfig;
import dev.weft.proxy.config.ProxyConfig;
import dev.weft.proxy.identity.IdentityConfig;
import dev.weft.proxy.identity.TestCertifyServer;
import dev.weft.proxy.tls.PeerIdentity;
import dev.weft.proxy.tls.TestCa;
import dev.weft.testkit.Await;
import dev.weft.testkit.BuildSbom;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real proxy with a control plane address reports to an Inventory server on 127.0.0.1: itself,
 * its SBOM when asked, the traffic it carried, and again after the control plane was away.
 */
class ProxyHeartbeatTest {
  private static final String IDENTITY = "books.demo.serviceaccount.identity.weft.cluster.local";

  @Test
  void aProxyReportsItselfItsSbomAndItsTrafficAndOutlastsAnOutage(@TempDir Path dir)
      throws Exception {
    TestCa ca = TestCa.create("mesh");
    Path token = Files.writeString(dir.resolve("token"), "token-1\n");
    Path trust = Files.writeString(dir.resolve("trust.pem"), TestCa.pem(ca.root()));
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/",
        ex -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    app.start();
    Optional<byte[]> sbom = EmbeddedSbom.of(Proxy.class).json();
    if (BuildSbom.written()) {
      assertTrue(sbom.isPresent(), "a build that writes SBOMs put one beside the proxy's classes");
    }
    try (TestCertifyServer certify = new TestCertifyServer(ca, Clock.systemUTC());
        FakeInventory inventory = new FakeInventory()) {
      // With an SBOM the second heartbeat must come at once, long before this interval; without
      // one there is nothing to send at once, and it comes after the interval.
      inventory.reply =
          HeartbeatReply.newBuilder()
              .setSendSbom(true)
              .setIntervalSeconds(sbom.isPresent() ? 600 : 1)
              .build();
      // Once it has the SBOM, the control plane asks for heartbeats every second.
      inventory.replyToSbom = HeartbeatReply.newBuilder().setIntervalSeconds(1).build();
      InetSocketAddress appAddr = new InetSocketAddress("127.0.0.1", app.getAddress().getPort());
      try (TestProxy proxy = TestProxy.start(config(appAddr, token, trust, certify, inventory))) {
        Await.until(Duration.ofSeconds(20), "two heartbeats", () -> inventory.count() >= 2);
        Heartbeat first = inventory.heartbeats.getFirst();
        assertEquals("books-0", first.getInstance());
        assertEquals("proxy", first.getComponent());
        assertEquals(ProxyMain.version(), first.getVersion());
        assertEquals("", first.getSha256(), "tests run the proxy from classes, not its jar");
        assertEquals(IDENTITY, first.getIdentity());
        assertEquals("zone-a", first.getZone());
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        assertEquals(started.getEpochSecond(), first.getStartedAt().getSeconds());
        assertTrue(first.getSbom().isEmpty(), "no SBOM until asked");
        assertArrayEquals(
            sbom.orElse(new byte[0]),
            inventory.heartbeats.get(1).getSbom().toByteArray(),
            "the admin's /sbom bytes, once asked");

        inventory.reply = HeartbeatReply.newBuilder().setIntervalSeconds(1).build();
        Await.until(Duration.ofSeconds(20), "certified", () -> proxy.proxy().isReady());
        for (int i = 0; i < 3; i++) {
          assertTrue(get(proxy.address(), "books:80").startsWith("HTTP/1.1 200"));
        }
        String target = "127.0.0.1:" + appAddr.getPort();
        // The reply's 1 s interval, not the 30 s default, brings the traffic within the bound.
        Await.until(
            Duration.ofSeconds(20),
            "the requests in a heartbeat",
            () -> inbound(inventory.last(), target).getRequestsOrDefault("books:80", 0) == 3);
        Edge edge = inbound(inventory.last(), target);
        assertEquals(false, edge.getTls(), "a plaintext client, outside the mesh");
        assertEquals("", edge.getPeerIdentity());
        assertTrue(edge.getConnections() >= 1, edge.toString());
        assertTrue(inventory.last().getSbom().isEmpty(), "sent once, not every time");
        assertProvesItsIdentity(inventory.last(), ca);

        inventory.stop();
        int before = inventory.count();
        inventory.restart();
        Await.until(Duration.ofSeconds(40), "heartbeats again", () -> inventory.count() > before);
        assertEquals(first.getStartedAt(), inventory.last().getStartedAt(), "the same process");
        assertEquals(3, inbound(inventory.last(), target).getRequestsOrDefault("books:80", 0));
      }
    } finally {
      app.stop(0);
    }
  }

  @Test
  void theHeartbeatAfterTheFirstCertificateProvesTheIdentityWithoutWaitingForTheInterval(
      @TempDir Path dir) throws Exception {
    TestCa ca = TestCa.create("mesh");
    Path token = Files.writeString(dir.resolve("token"), "token-1\n");
    Path trust = Files.writeString(dir.resolve("trust.pem"), TestCa.pem(ca.root()));
    try (TestCertifyServer certify = new TestCertifyServer(ca, Clock.systemUTC());
        FakeInventory inventory = new FakeInventory()) {
      inventory.reply = HeartbeatReply.newBuilder().setIntervalSeconds(600).build();
      inventory.replyToSbom = inventory.reply;
      certify.down(); // the proxy reports before it can be certified
      InetSocketAddress noApp = new InetSocketAddress("127.0.0.1", 9);
      try (TestProxy proxy = TestProxy.start(config(noApp, token, trust, certify, inventory))) {
        Await.until(Duration.ofSeconds(20), "a first heartbeat", () -> inventory.count() >= 1);
        assertFalse(inventory.heartbeats.getFirst().hasIdentityProof(), "no certificate yet");
        certify.up();
        // The reply asked for the next heartbeat in 10 minutes: the certificate brings it now.
        Await.until(
            Duration.ofSeconds(60),
            "a heartbeat proving the identity",
            () -> inventory.last().hasIdentityProof());
        assertProvesItsIdentity(inventory.last(), ca);
      }
    }
  }

  /** A proxy books-0 in front of {@code app}, certified by {@code certify}, reporting to it. */
  private static ProxyConfig config(
      InetSocketAddress app,
      Path token,
      Path trust,
      TestCertifyServer certify,
      FakeInventory inventory) {
    return TestProxy.config(app)
        .withIdentity(
            new IdentityConfig(IDENTITY, token, trust, certify.address(), Duration.ofSeconds(10)))
        .withDiscovery(
            new DiscoveryConfig(
                inventory.address(),
                "zone-a",
                DiscoveryConfig.DEFAULT_BALANCER,
                Duration.ofMinutes(10)))
        .withInstance("books-0");
  }

  /** The heartbeat's proof: a chain from the mesh's root naming the identity, and its signature. */
  private static void assertProvesItsIdentity(Heartbeat h, TestCa ca) throws Exception {
    assertTrue(h.hasIdentityProof(), "a certified proxy proves its identity");
    IdentityProof proof = h.getIdentityProof();
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = new ArrayList<>();
    for (ByteString der : proof.getChainList()) {
      chain.add(
          (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der.toByteArray())));
    }
    X509Certificate leaf = chain.getFirst();
    assertEquals(IDENTITY, PeerIdentity.dnsName(leaf));
    PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(ca.root(), null)));
    pkix.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(x509.generateCertPath(chain), pkix);
    long signedAt = proof.getSignedAt().getSeconds();
    assertTrue(Math.abs(signedAt - Instant.now().getEpochSecond()) < 300, "signed just now");
    Signature signature = Signature.getInstance(IdentityProofText.ALGORITHM);
    signature.initVerify(leaf.getPublicKey());
    signature.update(IdentityProofText.of(h, signedAt));
    assertTrue(signature.verify(proof.getSignature().toByteArray()), "the leaf's key signed it");
    signature.initVerify(leaf.getPublicKey());
    signature.update(
        IdentityProofText.of(h.toBuilder().setInstance("impostor-0").build(), signedAt));
    assertFalse(signature.verify(proof.getSignature().toByteArray()), "the instance is part of it");
  }

  /** The inbound edge to {@code target}, or an empty one. */
  private static Edge inbound(Heartbeat h, String target) {
    return h.getEdgesList().stream()
        .filter(e -> e.getDirection().equals("inbound") && e.getTargetAddr().equals(target))
        .findFirst()
        .orElse(Edge.getDefaultInstance());
  }

  /** One HTTP/1.1 request on its own connection; the status line. */
  private static String get(InetSocketAddress proxy, String host) throws IOException {
    try (Socket s = new Socket(proxy.getAddress(), proxy.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return response;
    }
  }
}
