package dev.weft.attest.cli;

import dev.weft.attest.AttestationVerifier;
import dev.weft.attest.EcKeys;
import dev.weft.attest.FailureReason;
import dev.weft.attest.Statement;
import dev.weft.attest.Subject;
import dev.weft.attest.VerificationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft compliance verify BUNDLE --key PUB.pem [--subject FILE] [--predicate-type T]}. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a signed attestation (a Sigstore bundle) offline against a public key.",
      "Exit 0 and one line when it verifies; exit 1 with the reason (MALFORMED, SIGNATURE_INVALID,"
          + " WRONG_KEY, SUBJECT_DIGEST_MISMATCH, PREDICATE_TYPE_MISMATCH) when not."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle (JSON) to verify.")
  Path bundle;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "PUB.pem",
      description = "The signer's ECDSA P-256 public key (SPKI PEM, as `keygen` writes it).")
  Path key;

  @Option(
      names = "--subject",
      paramLabel = "FILE",
      description = "The file the attestation must be about (its SHA-256 is compared).")
  Path subject;

  @Option(
      names = "--predicate-type",
      paramLabel = "TYPE",
      description = "The predicate type the attestation must have, e.g. https://cyclonedx.org/bom.")
  String predicateType;

  @Override
  public Integer call() {
    PublicKey publicKey;
    try {
      publicKey = EcKeys.readPublic(read(key, "--key"), key.toString());
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(
          Exits.BAD_INPUT, e.getMessage(), "give the signer's public key (pub.pem of keygen)");
    }
    byte[] bundleJson = bytes(bundle, "BUNDLE");
    Subject expected = null;
    if (subject != null) {
      try {
        expected = Subject.ofFile(subject);
      } catch (NoSuchFileException e) {
        throw missing(subject, "--subject");
      } catch (IOException e) {
        throw unreadable(subject, e);
      }
    }
    AttestationVerifier verifier = new AttestationVerifier(publicKey);
    Statement statement;
    try {
      statement = verifier.verify(bundleJson, expected, predicateType);
    } catch (VerificationException e) {
      throw new CommandFailure(
          Exits.FAILED, bundle + ": " + e.reason() + ": " + e.getMessage(), advice(e.reason()));
    }
    spec.commandLine()
        .getOut()
        .println(
            "verified: "
                + statement.subjects().stream()
                    .map(s -> s.name() + " sha256:" + s.sha256())
                    .collect(Collectors.joining(", "))
                + " ("
                + statement.predicate().type()
                + "), signed by key "
                + verifier.keyId());
    return Exits.OK;
  }

  private static String advice(FailureReason reason) {
    return switch (reason) {
      case MALFORMED ->
          "the file is not a complete attestation bundle: get it again from its signer";
      case SIGNATURE_INVALID -> "do not trust this attestation: it was changed after signing";
      case WRONG_KEY -> "verify with the signer's public key, or ask who signed it";
      case SUBJECT_DIGEST_MISMATCH -> "the file is not the one that was attested";
      case PREDICATE_TYPE_MISMATCH -> "the attestation says something else than was asked";
    };
  }

  private static String read(Path file, String what) {
    return new String(bytes(file, what), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw missing(file, what);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static CommandFailure missing(Path file, String what) {
    return new CommandFailure(
        Exits.USAGE, what + " " + file + ": no such file", "see 'weft compliance verify --help'");
  }

  private static CommandFailure unreadable(Path file, IOException e) {
    return new CommandFailure(
        Exits.FAILED, file + ": cannot be read (" + e + ")", "check the file and its permissions");
  }
}
