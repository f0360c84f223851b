package dev.weft.cli.check;

import static dev.weft.cli.CliRun.weft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.cli.CliRun;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft check --pre`: version, namespace and permissions before an install. */
class PreCheckTest {
  @TempDir Path dir;

  private static CliRun pre(CheckCluster cluster) {
    return weft("check", "--pre", "--kubeconfig", cluster.kubeconfig.toString());
  }

  @Test
  void unevaluatedPermissionsWarnAndAnEmptyClusterPasses() throws Exception {
    try (CheckCluster cluster = CheckCluster.start(dir, "31")) {
      CliRun run = pre(cluster);
      assertEquals(0, run.code(), run.toString());
      assertTrue(run.out().contains("√ Kubernetes version is at least 1.29"), run.toString());
      assertTrue(
          run.out().contains("√ namespace weft does not exist yet or is empty"), run.toString());
      assertTrue(
          run.out()
              .contains(
                  "! can create mutatingwebhookconfigurations"
                      + ".admissionregistration.k8s.io\n    the API server did not evaluate the access"
                      + " review"),
          run.toString());
    }
  }

  @Test
  void anOldKubernetesWarnsAboutClassicMode() throws Exception {
    try (CheckCluster cluster = CheckCluster.start(dir, "27+")) {
      CliRun run = pre(cluster);
      assertEquals(0, run.code(), run.toString());
      assertTrue(
          run.out()
              .contains(
                  "! Kubernetes version is at least 1.29 (native sidecars)\n"
                      + "    Kubernetes 1.27+ has no native sidecars: install the proxy in classic mode"),
          run.toString());
    }
  }

  @Test
  void aDeniedPermissionAndAnInstalledNamespaceFail() throws Exception {
    try (CheckCluster cluster = CheckCluster.start(dir, "31")) {
      cluster.install(Duration.ofDays(365));
      cluster
          .server
          .expect()
          .post()
          .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
          .andReturn(
              201,
              new SelfSubjectAccessReviewBuilder()
                  .withNewStatus()
                  .withAllowed(false)
                  .withReason("RBAC: no")
                  .endStatus()
                  .build())
          .always();
      CliRun run = pre(cluster);
      assertEquals(1, run.code(), run.toString());
      assertTrue(
          run.out()
              .contains(
                  "× can create namespaces\n    you may not create namespaces"
                      + " (RBAC: no): install as a cluster administrator"),
          run.toString());
      assertTrue(
          run.out()
              .contains(
                  "× namespace weft does not exist yet or is empty\n"
                      + "    namespace weft already has deployment/weft-control-plane"),
          run.toString());
    }
  }

  @Test
  void grantedPermissionsPass() throws Exception {
    try (CheckCluster cluster = CheckCluster.start(dir, "30")) {
      cluster
          .server
          .expect()
          .post()
          .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
          .andReturn(
              201,
              new SelfSubjectAccessReviewBuilder()
                  .withNewStatus()
                  .withAllowed(true)
                  .endStatus()
                  .build())
          .always();
      CliRun run = pre(cluster);
      assertEquals(0, run.code(), run.toString());
      assertEquals(
          9, run.out().lines().filter(l -> l.startsWith("√ can create ")).count(), run.out());
      assertTrue(run.out().endsWith("Status check results are √\n"), run.toString());
    }
  }
}
