package dev.weft.compliance.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.attest.Predicate;
import dev.weft.attest.SigstoreBundle;
import dev.weft.attest.Subject;
import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import dev.weft.compliance.AttestationInput;
import dev.weft.compliance.FileSubject;
import dev.weft.compliance.PostureReport;
import dev.weft.compliance.SigningKey;
import dev.weft.compliance.StatementSigner;
import dev.weft.compliance.fleet.ControlPlaneClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft compliance attest --subject FILE | --posture [--window W] [--control-plane URL]
 * [--report FILE] --key KEY.pem|--key-secret NS/NAME [--predicate-type T] [-o BUNDLE]}: a signed
 * in-toto statement about a file or the mesh's posture, as a Sigstore bundle.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = {
      "Sign an attestation about a file (an SBOM by default), or about the mesh's posture (which"
          + " edges were mTLS over a window), with an ECDSA P-256 key, written as a Sigstore bundle"
          + " (v0.3, DSSE, in-toto Statement v1).",
      "Needs the license feature 'compliance'; verify it with weft compliance verify."
    })
final class AttestCommand implements Callable<Integer> {
  private final ComplianceEntitlement entitlement;

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  /** What is attested: a file or the mesh's posture, exactly one. */
  static final class What {
    @Option(
        names = "--subject",
        paramLabel = "FILE",
        description = "The file to attest (its name and SHA-256 become the statement's subject).")
    Path subject;

    @Option(
        names = "--posture",
        description =
            "Attest the mesh's posture: the control plane's report of the edges the proxies"
                + " carried over --window, which were mTLS (predicate type "
                + Predicate.MESH_POSTURE
                + ").")
    boolean posture;
  }

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      description = "With --posture: the window, e.g. 15m, 1h, 24h (default: 1h; at most 24h).")
  String window;

  @Option(
      names = "--control-plane",
      paramLabel = "URL",
      description =
          "With --posture: the control plane's HTTP address (default: "
              + ControlPlaneClient.DEFAULT_URL
              + ", the local mesh).")
  String controlPlane;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "With --posture: also write the report, exactly the bytes attested, for"
              + " weft compliance verify --subject FILE.")
  Path report;

  // Never used to sign: refused below, so no build reaches a network unless one implements it.
  @Option(
      names = "--sigstore-url",
      paramLabel = "URL",
      description =
          "Keyless signing through the Sigstore instance at URL (Fulcio and Rekor): not supported"
              + " by this build, which signs with --key or --key-secret.")
  String sigstoreUrl;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  KeySource keySource;

  /** Where the signing key comes from: a file or a Secret, exactly one. */
  static final class KeySource {
    @Option(
        names = "--key",
        paramLabel = "KEY.pem",
        description = "The signing key: ECDSA P-256, PKCS#8 PEM (key.pem of keygen).")
    Path file;

    @Option(
        names = "--key-secret",
        paramLabel = "NS/NAME",
        description = "The signing key from Kubernetes Secret NAME in namespace NS, entry key.pem.")
    String secret;
  }

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "With --key-secret: the kubeconfig (default: $KUBECONFIG, ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "With --key-secret: the kubeconfig context (default: the current one).")
  String context;

  @Option(
      names = "--predicate-type",
      paramLabel = "TYPE",
      description =
          "With --subject: the predicate type (default: "
              + Predicate.CYCLONEDX_BOM
              + ", whose subject must be JSON).")
  String predicateType;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "BUNDLE",
      description = "Where to write the bundle (default: stdout).")
  Path output;

  AttestCommand(ComplianceEntitlement entitlement) {
    this.entitlement = entitlement;
  }

  @Override
  public Integer call() {
    entitlement.require("attest", spec.commandLine().getErr());
    if (sigstoreUrl != null) {
      throw new CommandFailure(
          Exits.FAILED,
          "keyless signing through " + sigstoreUrl + " is not supported by this build",
          "use --key or --key-secret");
    }
    if (keySource == null) {
      throw new CommandFailure(
          Exits.USAGE,
          "a signing key is required: --key KEY.pem or --key-secret NS/NAME",
          "see 'weft compliance attest --help'");
    }
    checkOptions();
    SigningKey signingKey = signingKey();
    AttestationInput input = what.posture ? posture() : file();
    SigstoreBundle bundle = new StatementSigner(signingKey).sign(input.statement());
    if (report != null) {
      AtomicFile.write(report, ((PostureReport) input).bytes());
    }
    String json = bundle.toJson();
    if (output == null) {
      spec.commandLine().getOut().print(json);
      spec.commandLine().getOut().flush();
    } else {
      AtomicFile.write(output, json.getBytes(StandardCharsets.UTF_8));
    }
    Subject s = input.subjects().getFirst();
    spec.commandLine()
        .getErr()
        .println(
            "attested "
                + s.name()
                + " sha256:"
                + s.sha256()
                + " ("
                + input.predicate().type()
                + ") with key "
                + signingKey.keyId()
                + (report == null ? "" : ", report " + report)
                + (output == null ? "" : ": " + output));
    return Exits.OK;
  }

  private void checkOptions() {
    if (what.posture && predicateType != null && !Predicate.MESH_POSTURE.equals(predicateType)) {
      throw new CommandFailure(
          Exits.USAGE,
          "--predicate-type="
              + predicateType
              + " with --posture (expected: none, or "
              + Predicate.MESH_POSTURE
              + ")",
          "see 'weft compliance attest --help'");
    }
    if (!what.posture && (window != null || controlPlane != null || report != null)) {
      throw new CommandFailure(
          Exits.USAGE,
          "--window, --control-plane and --report go with --posture",
          "see 'weft compliance attest --help'");
    }
  }

  private SigningKey signingKey() {
    try {
      return keySource.file != null
          ? SigningKey.read(read(keySource.file, "--key"), keySource.file.toString())
          : SigningKey.read(
              SecretKeyLoader.read(keySource.secret, kubeconfig, context),
              "Secret " + keySource.secret + " (key " + SecretKeyLoader.KEY + ")");
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(
          Exits.BAD_INPUT,
          e.getMessage(),
          "give the private key (key.pem of weft compliance keygen)");
    }
  }

  private AttestationInput file() {
    Path subject = what.subject;
    try {
      return FileSubject.read(
          subject, predicateType == null ? Predicate.CYCLONEDX_BOM : predicateType);
    } catch (NoSuchFileException e) {
      throw missing(subject, "--subject");
    } catch (IOException e) {
      throw new CommandFailure(Exits.FAILED, subject + ": cannot be read (" + e + ")", "check it");
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(
          Exits.BAD_INPUT, e.getMessage(), "give the SBOM's JSON, or another --predicate-type");
    }
  }

  private AttestationInput posture() {
    ControlPlaneClient client =
        new ControlPlaneClient(
            controlPlane == null ? ControlPlaneClient.DEFAULT_URL : controlPlane);
    String w = window == null ? "1h" : window;
    ControlPlaneClient.Response r =
        client.get("v1/fleet/posture?window=" + URLEncoder.encode(w, StandardCharsets.UTF_8));
    if (r.status() == 400) {
      throw new CommandFailure(
          Exits.USAGE,
          "--window=" + w + ": refused by the control plane (" + r.error() + ")",
          "give a duration such as 30s, 15m, 1h or 24h (at most 24h)");
    }
    if (r.status() != 200) {
      throw ControlPlaneClient.unexpected(r, "posture report");
    }
    try {
      return PostureReport.of(new ObjectMapper().readTree(r.body()));
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandFailure(
          Exits.FAILED,
          "GET " + r.uri() + ": not a posture report (" + e.getMessage() + ")",
          "check that --control-plane names a Weft control plane");
    }
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw missing(file, what);
    } catch (IOException e) {
      throw new CommandFailure(Exits.FAILED, file + ": cannot be read (" + e + ")", "check it");
    }
  }

  private static CommandFailure missing(Path file, String what) {
    return new CommandFailure(
        Exits.USAGE, what + " " + file + ": no such file", "see 'weft compliance attest --help'");
  }
}
