package dev.weft.compliance.cli;

import dev.weft.attest.Predicate;
import dev.weft.attest.SigstoreBundle;
import dev.weft.attest.Subject;
import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import dev.weft.compliance.AttestationInput;
import dev.weft.compliance.FileSubject;
import dev.weft.compliance.SigningKey;
import dev.weft.compliance.StatementSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft compliance attest --subject FILE --key KEY.pem|--key-secret NS/NAME [--predicate-type
 * T] [-o BUNDLE]}: a signed in-toto statement about a file, as a Sigstore bundle.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = {
      "Sign an attestation about a file (an SBOM by default) with an ECDSA P-256 key, written as a"
          + " Sigstore bundle (v0.3, DSSE, in-toto Statement v1).",
      "Needs the license feature 'compliance'; verify it with weft compliance verify."
    })
final class AttestCommand implements Callable<Integer> {
  private final ComplianceEntitlement entitlement;

  @Spec CommandSpec spec;

  @Option(
      names = "--subject",
      required = true,
      paramLabel = "FILE",
      description = "The file to attest (its name and SHA-256 become the statement's subject).")
  Path subject;

  @ArgGroup(exclusive = true, multiplicity = "1")
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
      defaultValue = Predicate.CYCLONEDX_BOM,
      description = "The predicate type (default: ${DEFAULT-VALUE}, whose subject must be JSON).")
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
    SigningKey signingKey;
    try {
      signingKey =
          keySource.file != null
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
    AttestationInput input;
    try {
      input = FileSubject.read(subject, predicateType);
    } catch (NoSuchFileException e) {
      throw missing(subject, "--subject");
    } catch (IOException e) {
      throw new CommandFailure(Exits.FAILED, subject + ": cannot be read (" + e + ")", "check it");
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(
          Exits.BAD_INPUT, e.getMessage(), "give the SBOM's JSON, or another --predicate-type");
    }
    SigstoreBundle bundle = new StatementSigner(signingKey).sign(input.statement());
    String json = bundle.toJson();
    if (output == null) {
      spec.commandLine().getOut().print(json);
      spec.commandLine().getOut().flush();
    } else {
      write(output, json);
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
                + predicateType
                + ") with key "
                + signingKey.keyId()
                + (output == null ? "" : ": " + output));
    return Exits.OK;
  }

  private static void write(Path file, String json) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, ".attest", ".tmp");
      try {
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        // A reader never sees half a bundle: it would fail to verify as MALFORMED.
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new CommandFailure(
          Exits.FAILED, "cannot write " + file + " (" + e + ")", "check the directory");
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
