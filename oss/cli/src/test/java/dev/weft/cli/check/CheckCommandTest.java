package dev.weft.cli.check;

import static dev.weft.cli.CliRun.weft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.cli.CliRun;
import dev.weft.testkit.Kubeconfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft check` against a mock API server holding what an install creates. */
class CheckCommandTest {
  @TempDir Path dir;
  private CheckCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = CheckCluster.start(dir, "31");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private CliRun check(String... more) {
    String[] args = new String[more.length + 3];
    args[0] = "check";
    args[1] = "--kubeconfig";
    args[2] = cluster.kubeconfig.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return weft(args);
  }

  @Test
  void aHealthyInstallPasses() throws Exception {
    cluster.install(Duration.ofDays(365));
    CliRun run = check();
    assertEquals(0, run.code(), run.toString());
    assertFalse(run.out().contains("×"), run.toString());
    assertFalse(run.out().contains("! "), run.toString());
    assertTrue(
        run.out().contains("√ MutatingWebhookConfiguration weft-proxy-injector exists"),
        run.toString());
    assertTrue(
        run.out().contains("√ the issuer certificate is signed by a trust anchor"), run.toString());
    assertTrue(run.out().contains("√ meshed pods run proxy 0.2.0 (2 pods)"), run.toString());
    assertTrue(run.out().endsWith("Status check results are √\n"), run.toString());
  }

  @Test
  void aMissingWebhookFailsWithItsHint() throws Exception {
    cluster.install(Duration.ofDays(365));
    cluster
        .client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName("weft-proxy-injector")
        .delete();
    CliRun run = check();
    assertEquals(1, run.code(), run.toString());
    assertTrue(
        run.out()
            .contains(
                "× MutatingWebhookConfiguration weft-proxy-injector exists\n"
                    + "    MutatingWebhookConfiguration weft-proxy-injector is missing, so no pod gets a"
                    + " proxy: reinstall weft (weft install) to recreate it\n"),
        run.toString());
  }

  @Test
  void anIssuerExpiringWithin60DaysWarnsButPasses() throws Exception {
    cluster.install(Duration.ofDays(10));
    CliRun run = check();
    assertEquals(0, run.code(), run.toString());
    assertTrue(
        run.out()
            .contains(
                "! the issuer certificate is valid for at least 60 days\n"
                    + "    the issuer certificate expires on "),
        run.toString());
    assertTrue(
        run.out()
            .contains(
                "(in 9 days): rotate it: put a new issuer signed by the trust"
                    + " anchors in Secret weft/weft-identity-issuer"),
        run.toString());
    assertTrue(run.out().endsWith("(0 failed, 1 warnings)\n"), run.toString());
  }

  @Test
  void anExpiredIssuerFails() throws Exception {
    // Valid from an hour ago for 30 minutes: expired half an hour ago.
    cluster.install(Duration.ofMinutes(30));
    CliRun run = check();
    assertEquals(1, run.code(), run.toString());
    assertTrue(
        run.out()
            .contains(
                "× the issuer certificate is valid for at least 60 days\n"
                    + "    the issuer certificate expired on "),
        run.toString());
  }

  @Test
  void anOldProxyFailsNamingThePodAndTheRestart() throws Exception {
    cluster.install(Duration.ofDays(365));
    cluster.meshedPod("books-7d4f-old", "0.1.0", true);
    CliRun run = check();
    assertEquals(1, run.code(), run.toString());
    assertTrue(
        run.out()
            .contains(
                "× meshed pods run proxy 0.2.0 (3 pods)\n"
                    + "    pods on another proxy version: demo deployment/books (books-7d4f-old: 0.1.0);"
                    + " restart them to get proxy 0.2.0: kubectl rollout restart -n demo deployment/books\n"),
        run.toString());
  }

  @Test
  void anUnreadyProxyFails() throws Exception {
    cluster.install(Duration.ofDays(365));
    cluster.meshedPod("books-7d4f-c", "0.2.0", false);
    CliRun run = check();
    assertEquals(1, run.code(), run.toString());
    assertTrue(
        run.out()
            .contains(
                "× meshed pods' proxies are ready\n"
                    + "    proxy not ready in demo/books-7d4f-c (deployment/books)"),
        run.toString());
  }

  @Test
  void noInstallStopsAtTheNamespace() {
    CliRun run = check("--output", "json");
    assertEquals(1, run.code(), run.toString());
    JsonNode report = parse(run.out());
    assertFalse(report.get("success").asBoolean());
    JsonNode last = report.get("categories").get(1);
    assertEquals("control-plane", last.get("categoryName").asText());
    assertEquals("error", last.get("checks").get(0).get("result").asText());
    assertEquals(2, report.get("categories").size());
  }

  @Test
  void anUnreachableApiIsExit3AndOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config =
        Kubeconfig.write(
            Files.createDirectories(dir.resolve("unreachable")), "http://127.0.0.1:" + port);
    CliRun run = weft("check", "--kubeconfig", config.toString());
    assertEquals(3, run.code(), run.toString());
    assertEquals("", run.out());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(
        run.err().startsWith("weft: cannot reach the Kubernetes API at http://127.0.0.1:" + port),
        run.err());
    assertTrue(run.err().contains(": check that the cluster is up"), run.err());
  }

  @Test
  void badOutputIsAUsageError() {
    CliRun run = check("--output", "yaml");
    assertEquals(2, run.code(), run.toString());
    assertEquals(
        "weft: --output=yaml: invalid (expected: table or json): see 'weft check --help'\n",
        run.err());
  }

  static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError(json, e);
    }
  }
}
