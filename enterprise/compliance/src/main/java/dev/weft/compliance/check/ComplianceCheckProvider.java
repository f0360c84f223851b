package dev.weft.compliance.check;

import dev.weft.licensing.cluster.ClusterAccess;
import dev.weft.spi.Availability;
import dev.weft.spi.cli.CheckContext;
import dev.weft.spi.cli.CheckProvider;
import dev.weft.spi.cli.CheckResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The {@code compliance} group of {@code weft check}: whether the license grants {@code
 * compliance}, and whether the signing key {@code weft compliance attest --key-secret} reads is in
 * the control plane's namespace and usable. Always available: checking needs no license, and the
 * key is checked whatever the license says. Printed after the {@code license} group, which says
 * more about the license itself.
 */
public final class ComplianceCheckProvider implements CheckProvider {
  private final Clock clock;

  public ComplianceCheckProvider() {
    this(Clock.systemUTC());
  }

  public ComplianceCheckProvider(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return "compliance";
  }

  @Override
  public int priority() {
    return -10;
  }

  @Override
  public Availability availability() {
    return Availability.AVAILABLE;
  }

  @Override
  public String group() {
    return "compliance";
  }

  @Override
  public List<CheckResult> run(CheckContext context) {
    try (KubernetesClient client =
        ClusterAccess.connect(context.kubeconfig(), context.kubeContext())) {
      return List.of(
          new LicenseGrantCheck(clock).run(client, context.namespace(), context.environment()),
          SigningKeyCheck.run(client, context.namespace()));
    }
  }
}
