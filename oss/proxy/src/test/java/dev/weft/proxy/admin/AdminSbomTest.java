package dev.weft.proxy.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.proxy.Proxy;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.metrics.ProxyMetrics;
import dev.weft.proxy.transport.Transport;
import dev.weft.testkit.BuildSbom;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

/** The admin port's {@code GET /sbom}: the SBOM the proxy's own build wrote, over a socket. */
class AdminSbomTest {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private static HttpResponse<byte[]> get(InetSocketAddress admin, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + admin.getPort() + path);
    return CLIENT.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void servesTheSbomOfItsOwnBuild() throws Exception {
    assumeTrue(BuildSbom.written(), BuildSbom.whyNot());
    HttpResponse<byte[]> rsp;
    try (TestProxy proxy = TestProxy.start(new InetSocketAddress("127.0.0.1", 9))) {
      rsp = get(proxy.adminAddress(), "/sbom");
    }
    assertEquals(200, rsp.statusCode(), new String(rsp.body()));
    assertEquals(
        "application/vnd.cyclonedx+json", rsp.headers().firstValue("Content-Type").orElse(""));

    JsonParser parser = new JsonParser();
    assertEquals(List.of(), parser.validate(rsp.body(), Version.VERSION_16), "valid CycloneDX 1.6");
    Bom bom = parser.parse(rsp.body());
    Component self = bom.getMetadata().getComponent();
    // The proxy's own SBOM, not weft-spi's, which is on the same class path.
    assertEquals("dev.weft", self.getGroup());
    assertEquals("weft-proxy", self.getName());
    assertEquals(System.getProperty("build.version"), self.getVersion());
    assertEquals(Component.Type.APPLICATION, self.getType());

    Set<String> components =
        bom.getComponents().stream()
            .map(c -> c.getGroup() + ":" + c.getName())
            .collect(Collectors.toSet());
    for (String runtime :
        List.of(
            "io.netty:netty-handler",
            "io.netty:netty-codec-http2",
            "io.netty:netty-transport-native-epoll",
            "io.micrometer:micrometer-registry-prometheus",
            "dev.weft:weft-spi",
            // Shipped in lib/control-plane/ for proxies with an identity or discovery.
            "dev.weft:weft-api",
            "io.grpc:grpc-netty")) {
      assertTrue(components.contains(runtime), runtime + " in " + components);
    }
    for (String testOnly : List.of("org.junit.jupiter:junit-jupiter", "dev.weft:weft-testkit")) {
      assertTrue(!components.contains(testOnly), "test dependency " + testOnly + " is not listed");
    }
    Component netty =
        bom.getComponents().stream()
            .filter(c -> c.getName().equals("netty-handler"))
            .findFirst()
            .orElseThrow();
    assertNotNull(netty.getVersion());
    assertEquals(
        "pkg:maven/io.netty/netty-handler@" + netty.getVersion() + "?type=jar", netty.getPurl());
  }

  @Test
  void buildWithoutSbomAnswers404Clearly() throws Exception {
    EventLoopGroup loop = Transport.NIO.newGroup(1, new DefaultThreadFactory("admin-test", true));
    AdminServer admin =
        new AdminServer(
            new InetSocketAddress("127.0.0.1", 0),
            new ProxyMetrics(10),
            () -> true,
            () -> {},
            EmbeddedSbom.of(Proxy.class, "META-INF/sbom/absent.json"));
    try {
      admin.bind(Transport.NIO, loop);
      HttpResponse<byte[]> rsp = get(admin.localAddress(), "/sbom");
      assertEquals(404, rsp.statusCode());
      String body = new String(rsp.body());
      assertTrue(body.startsWith("no SBOM: META-INF/sbom/absent.json is missing from "), body);
      assertTrue(
          body.contains("-Dcyclonedx.skip=true"), "says how such a build came about: " + body);
      assertEquals(200, get(admin.localAddress(), "/live").statusCode(), "the rest still works");
    } finally {
      admin.close();
      loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
