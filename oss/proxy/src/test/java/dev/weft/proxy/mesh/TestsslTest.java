package dev.weft.proxy.mesh;

import static dev.weft.proxy.mesh.MeshFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Debian's testssl.sh, run as a real process against a meshed proxy's inbound port with the proxy's
 * identity as server name: TLS 1.3 is the only protocol offered, and no weak cipher category is.
 * The scan takes about a minute; this is the only test that runs it.
 */
class TestsslTest {
  private static final Path TESTSSL = Path.of("/usr/bin/testssl");

  @Test
  void inboundPortOffersTls13OnlyAndNoWeakCiphers() throws Exception {
    if (!Files.isExecutable(TESTSSL)) {
      fail(
          TESTSSL + " not found: install Debian's testssl.sh package (apt-get install testssl.sh)");
    }
    Path dir = Files.createTempDirectory("weft-testssl");
    Path report = dir.resolve("report.json");
    Path output = dir.resolve("output.txt");
    try (MeshFixture mesh = new MeshFixture();
        HttpApp app = new HttpApp()) {
      TestProxy books = mesh.inbound(id("books"), app.address());
      Process scan =
          new ProcessBuilder(
                  TESTSSL.toString(),
                  "--protocols",
                  "--std",
                  "--quiet",
                  "--color",
                  "0",
                  "--warnings",
                  "batch",
                  "--jsonfile-pretty",
                  report.toString(),
                  "--ip",
                  "127.0.0.1",
                  "https://" + id("books") + ":" + books.port())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      // About 50 s on an idle machine; shared build machines are slower.
      if (!scan.waitFor(5, TimeUnit.MINUTES)) {
        scan.descendants().forEach(ProcessHandle::destroyForcibly);
        scan.destroyForcibly();
        fail("testssl did not finish within 5 minutes:\n" + Files.readString(output));
      }
      String log = Files.readString(output, StandardCharsets.UTF_8);
      assertTrue(Files.exists(report), () -> "testssl wrote no report:\n" + log);
      Map<String, String> findings = findings(Files.readString(report), log);

      assertOffered(findings, "TLS1_3", true, log);
      for (String old : List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_2")) {
        assertOffered(findings, old, false, log);
      }
      for (String weak :
          List.of(
              "cipherlist_NULL",
              "cipherlist_aNULL",
              "cipherlist_EXPORT",
              "cipherlist_LOW",
              "cipherlist_3DES_IDEA",
              "cipherlist_AVERAGE")) {
        assertOffered(findings, weak, false, log);
      }
      assertOffered(findings, "cipherlist_STRONG", true, log);
      // The TLS 1.0 to 1.2 verdicts are the proxy's own: it refused those handshakes. (Probes that
      // name no server, as testssl's SSLv2 and SSLv3 ones do, are not for the proxy and go on to
      // the application, which speaks no TLS at all.)
      PromText m = books.scrape();
      assertTrue(
          m.sum("tls_handshake_failures_total", Map.of("reason", "protocol")) >= 3, m.text());
      // Handshakes that did complete named no client, and got no further.
      assertTrue(
          m.sum("tls_handshake_failures_total", Map.of("reason", "no_client_certificate")) >= 1,
          m.text());
      assertEquals(0, m.sum("request_total"), "no scan probe got a request through unmeshed");
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** The id -> finding of every protocol and cipher-category entry of the first scan result. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> findings(String json, String log) {
    Map<String, Object> root = (Map<String, Object>) Json.parse(json);
    List<Object> results = (List<Object>) root.get("scanResult");
    assertTrue(results != null && !results.isEmpty(), () -> "no scanResult in report:\n" + json);
    Map<String, Object> first = (Map<String, Object>) results.getFirst();
    Map<String, String> findings = new LinkedHashMap<>();
    for (String section : List.of("protocols", "ciphers")) {
      List<Object> entries = (List<Object>) first.get(section);
      assertTrue(entries != null, () -> "no " + section + " in report:\n" + json + "\n" + log);
      for (Object e : entries) {
        Map<String, Object> entry = (Map<String, Object>) e;
        findings.put((String) entry.get("id"), (String) entry.get("finding"));
      }
    }
    return findings;
  }

  private static void assertOffered(
      Map<String, String> findings, String id, boolean offered, String log) {
    String finding = findings.get(id);
    assertTrue(finding != null, () -> id + " missing from " + findings + "\n" + log);
    String f = finding.toLowerCase(Locale.ROOT);
    boolean says = f.startsWith("offered");
    boolean saysNot = f.startsWith("not offered");
    assertTrue(
        offered ? says && !saysNot : saysNot,
        () -> id + ": " + finding + " (expected: " + (offered ? "" : "not ") + "offered)\n" + log);
  }
}
