package dev.weft.cli.install;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft install}: prints the manifests of the charts embedded in this jar, for {@code kubectl
 * apply -f -}; the CRDs with {@code --crds}, first. Nothing is sent to a cluster.
 */
@Command(
    name = "install",
    description = {
      "Print the Kubernetes manifests that install Weft, rendered from the Helm charts built into"
          + " weft (the same as helm/weft and helm/weft-crds). Two steps:",
      "  weft install --crds | kubectl apply -f -",
      "  weft install | kubectl apply -f -",
      "Unless given, an identity trust anchor (10 years) and issuer (1 year) are generated (EC"
          + " P-256). See docs/install.md."
    },
    mixinStandardHelpOptions = true)
public final class InstallCommand implements Callable<Integer> {
  static final String RELEASE = "weft";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--crds",
      description = "Print the CustomResourceDefinitions (chart weft-crds) instead.")
  boolean crds;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      defaultValue = "weft",
      description = "Namespace of the control plane (default: ${DEFAULT-VALUE}); it is created.")
  String namespace;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Set a chart value, as helm --set (repeatable), e.g. --set proxy.logLevel=debug.")
  List<String> sets = new ArrayList<>();

  @Option(
      names = {"-f", "--values"},
      paramLabel = "FILE",
      description = "A values file, as helm -f (repeatable; later files win).")
  List<Path> valuesFiles = new ArrayList<>();

  @Option(
      names = "--identity-trust-anchors-file",
      paramLabel = "FILE",
      description = "PEM trust anchors (roots) instead of a generated one.")
  Path trustAnchorsFile;

  @Option(
      names = "--identity-issuer-certificate-file",
      paramLabel = "FILE",
      description = "PEM issuer certificate, signed by a trust anchor.")
  Path issuerCertificateFile;

  @Option(
      names = "--identity-issuer-key-file",
      paramLabel = "FILE",
      description = "PEM private key of the issuer.")
  Path issuerKeyFile;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      out.print(render(err));
      out.flush();
      return 0;
    } catch (InstallException e) {
      err.println("weft: " + e.getMessage());
      err.flush();
      return e.exitCode();
    }
  }

  private String render(PrintWriter err) throws InstallException {
    if (!namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || namespace.length() > 63) {
      throw new InstallException(
          InstallException.USAGE,
          "--namespace "
              + namespace
              + ": not a namespace name: use lower-case letters, digits and '-'");
    }
    List<SetValue> parsed = new ArrayList<>();
    for (String s : sets) {
      parsed.add(SetValue.parse(s));
    }
    for (Path f : valuesFiles) {
      if (!Files.isReadable(f)) {
        throw new InstallException(
            InstallException.USAGE,
            "--values " + f + ": cannot read it: give a readable YAML file");
      }
    }
    try (EmbeddedCharts charts = EmbeddedCharts.extract()) {
      if (crds) {
        if (trustAnchorsFile != null || issuerCertificateFile != null || issuerKeyFile != null) {
          throw new InstallException(
              InstallException.USAGE,
              "--crds takes no --identity-* files: give them to the second step, weft install");
        }
        String out =
            ChartRenderer.render(
                charts.chart("weft-crds"),
                RELEASE + "-crds",
                namespace,
                valuesFiles,
                parsed,
                Map.of());
        if (out.isBlank()) {
          // kubectl apply refuses an empty input ("no objects passed to apply"): say why it is
          // empty.
          err.println(
              "weft: the weft-crds chart rendered no CRD with these values (the Gateway API CRDs"
                  + " need --set gatewayAPI.install=true)");
          err.flush();
        }
        return out;
      }
      List<SetValue> all = new ArrayList<>();
      // First, so that a --set namespace.create=false still wins.
      all.add(new SetValue("namespace.create", "true"));
      all.addAll(parsed);
      Map<String, Path> files = identityFiles(parsed, charts, err);
      return ChartRenderer.render(
          charts.chart("weft"), RELEASE, namespace, valuesFiles, all, files);
    }
  }

  /**
   * The identity material as --set-file values: read from the flags' files, generated, or none when
   * --set names it (the chart then takes it from the values).
   */
  private Map<String, Path> identityFiles(
      List<SetValue> sets, EmbeddedCharts charts, PrintWriter err) throws InstallException {
    int given =
        (trustAnchorsFile == null ? 0 : 1)
            + (issuerCertificateFile == null ? 0 : 1)
            + (issuerKeyFile == null ? 0 : 1);
    if (given != 0 && given != 3) {
      throw new InstallException(
          InstallException.USAGE,
          "--identity-trust-anchors-file, --identity-issuer-certificate-file and"
              + " --identity-issuer-key-file go together: give all three, or none to have them"
              + " generated");
    }
    if (given == 0 && sets.stream().anyMatch(SetValue::isIdentityMaterial)) {
      return Map.of();
    }
    IdentityMaterial identity;
    if (given == 3) {
      identity = IdentityMaterial.read(trustAnchorsFile, issuerCertificateFile, issuerKeyFile);
    } else {
      err.println(
          "weft: generating an identity trust anchor (10 years) and issuer (1 year), EC P-256;"
              + " to upgrade later without replacing them, give them back with the --identity-*"
              + " flags (docs/install.md)");
      err.flush();
      String trustDomain =
          sets.stream()
              .filter(s -> s.key().equals("identity.trustDomain"))
              .map(SetValue::value)
              .reduce((a, b) -> b)
              .orElse("cluster.local");
      identity = IdentityMaterial.generate(trustDomain, Instant.now());
    }
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(
        "identity.trustAnchorsPEM", write(charts, "trust-anchors.pem", identity.trustAnchorsPem()));
    files.put(
        "identity.issuer.tls.crtPEM", write(charts, "issuer.crt", identity.issuerCertificatePem()));
    files.put("identity.issuer.tls.keyPEM", write(charts, "issuer.key", identity.issuerKeyPem()));
    return files;
  }

  private static Path write(EmbeddedCharts charts, String name, String content)
      throws InstallException {
    Path file = charts.chart("identity").resolve(name);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new InstallException(
          InstallException.FAILED, "cannot write " + file + ": " + e + ": check TMPDIR", e);
    }
  }
}
