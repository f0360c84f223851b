package dev.weft.proxy.mesh;

import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.ListenerConfig;
import dev.weft.proxy.config.ProxyConfig;
import dev.weft.proxy.config.Target;
import dev.weft.proxy.identity.IdentityConfig;
import dev.weft.proxy.identity.TestCertifyServer;
import dev.weft.proxy.tls.TestCa;
import dev.weft.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small mesh on 127.0.0.1: a test CA behind a real Certify server, a trust-bundle file, and
 * proxies with identities, started in this JVM and ready (holding a certificate) when returned.
 */
public final class MeshFixture implements AutoCloseable {
  /** An identity name in the demo namespace. */
  public static String id(String serviceAccount) {
    return serviceAccount + ".demo.serviceaccount.identity.weft.cluster.local";
  }

  public final TestCa ca;
  public final TestCertifyServer certify;
  public final Path bundle;
  private final Path dir;
  private final List<TestProxy> proxies = new ArrayList<>();

  public MeshFixture() throws IOException {
    this(TestCa.create("mesh"));
  }

  public MeshFixture(TestCa ca) throws IOException {
    this.ca = ca;
    this.dir = Files.createTempDirectory("weft-mesh");
    this.bundle = dir.resolve("trust-bundle.pem");
    writeBundle(ca.root());
    this.certify = new TestCertifyServer(ca, Clock.systemUTC());
  }

  /** Replaces the trust bundle file (proxies re-read it within a fraction of a second). */
  public void writeBundle(X509Certificate... roots) {
    try {
      Path tmp = dir.resolve("trust-bundle.pem.tmp");
      Files.writeString(tmp, TestCa.pem(roots), StandardCharsets.US_ASCII);
      Files.move(
          tmp,
          bundle,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The identity settings of a proxy named {@code identity}, with its own token file. */
  public IdentityConfig identity(String identity) {
    try {
      Path token = dir.resolve(identity + ".token");
      Files.writeString(token, "token-of-" + identity + "\n");
      return new IdentityConfig(identity, token, bundle, certify.address(), Duration.ofMillis(100));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A proxy with {@code identity} whose one listener forwards to {@code forward}. */
  public TestProxy proxy(String identity, String direction, Target forward) throws Exception {
    return proxy(identity, direction, forward, Map.of(), Set.of());
  }

  public TestProxy proxy(
      String identity,
      String direction,
      Target forward,
      Map<String, Target> routes,
      Set<Integer> opaquePorts)
      throws Exception {
    ProxyConfig base =
        TestProxy.config(forward.address(), Duration.ofSeconds(10), opaquePorts)
            .withListeners(
                List.of(
                    new ListenerConfig(
                        direction, new InetSocketAddress("127.0.0.1", 0), forward, routes)))
            .withIdentity(identity(identity));
    TestProxy p = TestProxy.start(base);
    proxies.add(p);
    Await.until(Duration.ofSeconds(20), identity + " ready", () -> p.proxy().isReady());
    return p;
  }

  /** The inbound side of a meshed service: accepts mTLS for {@code identity}, forwards to app. */
  public TestProxy inbound(String identity, InetSocketAddress app) throws Exception {
    return proxy(identity, "inbound", new Target(app, null));
  }

  /** The outbound side: forwards everything to {@code peer}, a proxy named {@code peerId}. */
  public TestProxy outbound(String identity, TestProxy peer, String peerId) throws Exception {
    return proxy(identity, "outbound", new Target(peer.address(), peerId));
  }

  @Override
  public void close() throws IOException {
    for (TestProxy p : proxies) {
      p.close();
    }
    certify.close();
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }
}
