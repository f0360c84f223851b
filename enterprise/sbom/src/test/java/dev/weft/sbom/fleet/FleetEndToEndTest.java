package dev.weft.sbom.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.licensing.License;
import dev.weft.licensing.LicenseKeys;
import dev.weft.testkit.Await;
import dev.weft.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an auditor is handed, from a real local mesh ({@code bin/weft up}: a control plane and five
 * proxies, each a process of the packaged jars): {@code weft compliance sbom} and {@code weft
 * compliance attest} with a license, then {@code weft compliance verify} with neither the license
 * nor the enterprise jars. The fleet SBOM names the components and versions that are running, with
 * the digest of the very jar the proxies run; the posture report shows the mesh's edges as mTLS.
 */
class FleetEndToEndTest {
  private static final Duration START = Duration.ofMinutes(6);
  private static final Set<String> PROXIES =
      Set.of("web", "books-0", "books-1", "books-2", "authors");
  private static final String POSTURE = "https://weft.dev/attestation/mesh-posture/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root = Path.of(System.getProperty("build.root"));
  @TempDir Path dir;
  private Process up;

  @AfterEach
  void stop() throws Exception {
    if (up != null && up.isAlive()) {
      up.destroy();
      if (!up.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        up.destroyForcibly();
      }
    }
  }

  @Test
  void anAuditorGetsTheRunningFleetAndItsPostureSignedAndVerifiesThemOffline() throws Exception {
    Weft weft = new Weft(root, dir);
    int base = FreePorts.block(60);
    ControlPlaneHttp cp = new ControlPlaneHttp(base);
    Path log = dir.resolve("up.log");
    // Heartbeats every 2 s rather than 30, so the posture shows traffic soon.
    up =
        weft.start(
            log,
            Map.of("WEFT_FLEET_HEARTBEAT_INTERVAL", "2s"),
            "up",
            "--port-base",
            "" + base,
            "--state-dir",
            dir.resolve("state").toString(),
            "--traffic-rate",
            "20");
    Await.until(
        START,
        () -> !up.isAlive() || reported(cp.get("/v1/fleet/components")).equals(PROXIES),
        () -> "five proxies' heartbeats; weft up printed:\n" + read(log));
    assertTrue(up.isAlive(), () -> "weft up exited: " + read(log));
    Await.until(
        START,
        () -> mtlsRequests(cp.get("/v1/fleet/posture?window=1h"), "books:80") > 0,
        () -> "web -> books in the posture: " + cp.get("/v1/fleet/posture?window=1h"));
    // Each proxy signs its heartbeats with its identity certificate once it has one.
    Await.until(
        START,
        () -> verified(cp.get("/v1/fleet/components")).equals(PROXIES),
        () -> "every proxy's identity proven: " + cp.get("/v1/fleet/components"));

    Map<String, String> licensed = licensed();
    Weft enterprise = weft.enterprise(licensed);
    String url = cp.base().toString();
    assertOk(enterprise.run("compliance", "sbom", "--control-plane", url, "-o", "fleet.cdx.json"));
    assertOk(enterprise.run("compliance", "keygen", "--out", "keys"));
    assertOk(
        enterprise.run(
            "compliance",
            "attest",
            "--subject",
            "fleet.cdx.json",
            "--key",
            "keys/key.pem",
            "-o",
            "fleet.bundle"));
    assertOk(
        enterprise.run(
            "compliance",
            "attest",
            "--posture",
            "--window",
            "1h",
            "--control-plane",
            url,
            "--report",
            "posture.json",
            "--key",
            "keys/key.pem",
            "-o",
            "posture.bundle"));

    assertFleet(dir.resolve("fleet.cdx.json"));
    assertPosture(JSON.readTree(dir.resolve("posture.json").toFile()));

    // The auditor: the open-source command line, no license, no network.
    assertOk(
        weft.run(
            "compliance",
            "verify",
            "fleet.bundle",
            "--key",
            "keys/pub.pem",
            "--subject",
            "fleet.cdx.json"));
    assertOk(
        weft.run(
            "compliance",
            "verify",
            "posture.bundle",
            "--key",
            "keys/pub.pem",
            "--subject",
            "posture.json",
            "--predicate-type",
            POSTURE));
    String edited = Files.readString(dir.resolve("posture.json")).replace("true", "false");
    Files.writeString(dir.resolve("posture.json"), edited);
    Weft.Run tampered =
        weft.run(
            "compliance",
            "verify",
            "posture.bundle",
            "--key",
            "keys/pub.pem",
            "--subject",
            "posture.json");
    assertEquals(1, tampered.exit(), tampered.output());
    assertTrue(tampered.output().contains("SUBJECT_DIGEST_MISMATCH"), tampered.output());

    // Without the license, exporting is refused with the reason.
    Weft.Run refused =
        weft.enterprise(Map.of())
            .run("compliance", "sbom", "--control-plane", url, "-o", "unlicensed.json");
    assertEquals(1, refused.exit(), refused.output());
    assertTrue(refused.output().contains("license"), refused.output());
    assertFalse(Files.exists(dir.resolve("unlicensed.json")));
  }

  /** The fleet SBOM: valid 1.6, the proxy jar that runs with its digest, every instance. */
  private void assertFleet(Path file) throws Exception {
    byte[] json = Files.readAllBytes(file);
    JsonParser parser = new JsonParser();
    assertEquals(
        List.of(),
        parser.validate(json, Version.VERSION_16).stream().map(Throwable::getMessage).toList());
    Bom bom = parser.parse(json);
    Path proxyJar = root.resolve("oss/proxy/target/weft-proxy.jar");
    String version;
    boolean embedded;
    try (JarFile jar = new JarFile(proxyJar.toFile())) {
      version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
      embedded = jar.getEntry("META-INF/sbom/bom.json") != null;
    }
    Component proxy = only(bom, "weft-proxy");
    assertEquals(version, proxy.getVersion());
    assertEquals("pkg:maven/dev.weft/weft-proxy@" + version, proxy.getPurl());
    assertEquals(sha256(proxyJar), proxy.getHashes().getFirst().getValue());
    assertEquals(PROXIES, values(proxy, "weft:instance"));
    assertFalse(values(proxy, "weft:identity").isEmpty());
    assertEquals(
        values(proxy, "weft:identity"),
        values(proxy, "weft:identity-verified"),
        "every identity a proxy named, it proved");
    only(bom, "weft-control-plane");
    if (embedded) {
      // The proxy's own SBOM came with its heartbeat: its libraries are listed under it.
      assertTrue(
          proxy.getComponents().stream()
              .anyMatch(c -> c.getPurl() != null && c.getPurl().startsWith("pkg:maven/io.netty/")),
          "netty among the proxy's libraries");
    }
  }

  private static void assertPosture(JsonNode report) {
    assertTrue(mtlsRequests(report, "books:80") > 0, report::toString);
    assertTrue(mtlsRequests(report, "authors:80") > 0, report::toString);
    for (JsonNode edge : report.get("edges")) {
      if (edge.get("direction").asText().equals("outbound")) {
        assertTrue(edge.get("mtls").asBoolean(), () -> "plaintext between proxies: " + edge);
      }
    }
  }

  /** Requests sent with mTLS to {@code authority}, from the outbound edges. */
  private static long mtlsRequests(JsonNode posture, String authority) {
    long n = 0;
    if (posture != null) {
      for (JsonNode edge : posture.get("edges")) {
        if (edge.get("mtls").asBoolean()
            && authority.equals(edge.get("destination").get("authority").asText())) {
          n += edge.get("requests").asLong();
        }
      }
    }
    return n;
  }

  /** The instances of proxies whose heartbeats the control plane holds. */
  /** The proxies that reported a heartbeat. */
  private static Set<String> reported(JsonNode components) {
    return proxies(components, c -> c.get("sources").toString().contains("heartbeat"));
  }

  /** The proxies whose last heartbeat proved their identity. */
  private static Set<String> verified(JsonNode components) {
    return proxies(components, c -> c.path("identityVerified").asBoolean(false));
  }

  private static Set<String> proxies(JsonNode components, Predicate<JsonNode> which) {
    Set<String> instances = new TreeSet<>();
    if (components != null) {
      for (JsonNode c : components.get("components")) {
        if (c.get("component").asText().equals("proxy") && which.test(c)) {
          instances.add(c.get("instance").asText());
        }
      }
    }
    return instances;
  }

  private static Component only(Bom bom, String name) {
    List<Component> named =
        bom.getComponents().stream().filter(c -> c.getName().equals(name)).toList();
    assertEquals(1, named.size(), () -> name + " components: " + named);
    return named.getFirst();
  }

  private static Set<String> values(Component c, String property) {
    Set<String> values = new TreeSet<>();
    for (Property p : c.getProperties()) {
      if (p.getName().equals(property)) {
        values.add(p.getValue());
      }
    }
    return values;
  }

  /** A license entitling {@code compliance}, signed by a throw-away vendor key trusted by env. */
  private static Map<String, String> licensed() throws Exception {
    KeyPair vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    License license =
        new License(
            "lic-fleet-test",
            "Fleet Test",
            "enterprise",
            Set.of("compliance"),
            OptionalLong.empty(),
            OptionalLong.empty(),
            now.minus(1, ChronoUnit.DAYS),
            now.plus(30, ChronoUnit.DAYS),
            now.minus(1, ChronoUnit.DAYS),
            "fleet-test");
    return Map.of(
        "WEFT_LICENSE",
        LicenseKeys.encode(license, vendor.getPrivate()),
        "WEFT_LICENSE_EXTRA_PUBLIC_KEY",
        "fleet-test=" + Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded()));
  }

  private static void assertOk(Weft.Run run) {
    assertEquals(0, run.exit(), run.output());
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
