package dev.weft.licensing.tool;

import dev.weft.licensing.License;
import dev.weft.licensing.LicenseKeys;
import dev.weft.licensing.LicenseProblem;
import dev.weft.licensing.LicenseVerifier;
import dev.weft.licensing.TrustedKeys;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "issue",
    mixinStandardHelpOptions = true,
    description = "Signs a license and prints its key (one line, on stdout).")
final class IssueCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand LicenseTool tool;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "The private signing key (PKCS#8 PEM, from keygen).")
  Path keyFile;

  @Option(
      names = "--key-id",
      required = true,
      paramLabel = "ID",
      description = "The id of that key, e.g. weft-2026.")
  String keyId;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "The license id (default: lic-<year>-<random>).")
  String id;

  @Option(names = "--customer", required = true, paramLabel = "NAME")
  String customer;

  @Option(
      names = "--tier",
      required = true,
      paramLabel = "TIER",
      description = "free or enterprise.")
  String tier;

  @Option(
      names = "--feature",
      paramLabel = "NAME",
      description = "A feature it entitles (repeat), e.g. hazl.")
  List<String> features = new ArrayList<>();

  @Option(
      names = "--clusters",
      paramLabel = "N",
      description = "At most N clusters (default: unlimited).")
  Long clusters;

  @Option(
      names = "--meshed-workloads",
      paramLabel = "N",
      description = "At most N meshed workloads (default: unlimited).")
  Long meshedWorkloads;

  @Option(
      names = "--not-before",
      paramLabel = "TIME",
      description = "Valid from (default: now), e.g. 2026-11-01.")
  String notBefore;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Expiry expiry;

  static final class Expiry {
    @Option(
        names = "--expires",
        required = true,
        paramLabel = "TIME",
        description = "Expires at, e.g. 2027-11-01.")
    String expires;

    @Option(
        names = "--days",
        required = true,
        paramLabel = "N",
        description = "Expires N days after --not-before.")
    Integer days;
  }

  @Override
  public Integer call() {
    Options.requireName("--key-id", keyId);
    if (!LicenseKeys.TIERS.contains(tier)) {
      throw new ToolException(
          ToolException.USAGE, "--tier: '" + tier + "' (expected: free or enterprise)");
    }
    if (customer.isBlank()) {
      throw new ToolException(ToolException.USAGE, "--customer: empty");
    }
    features.forEach(f -> Options.requireName("--feature", f));
    Instant issuedAt = tool.clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant from = notBefore == null ? issuedAt : Options.time("--not-before", notBefore);
    Instant until;
    if (expiry.days != null) {
      if (expiry.days <= 0) {
        throw new ToolException(ToolException.USAGE, "--days: " + expiry.days + " (expected: > 0)");
      }
      until = from.plus(Duration.ofDays(expiry.days));
    } else {
      until = Options.time("--expires", expiry.expires);
    }
    if (!until.isAfter(from)) {
      throw new ToolException(
          ToolException.USAGE,
          "the license would expire (" + until + ") before it starts (" + from + ")");
    }
    License license =
        new License(
            id != null ? id : defaultId(issuedAt),
            customer.strip(),
            tier,
            new TreeSet<>(features),
            limit("--clusters", clusters),
            limit("--meshed-workloads", meshedWorkloads),
            from,
            until,
            issuedAt,
            keyId);
    PrivateKey key = Options.privateKey("--key", keyFile);
    String text = LicenseKeys.encode(license, key);
    checkAgainstEmbedded(text);
    spec.commandLine().getOut().println(text);
    return 0;
  }

  // A key signed with the wrong private key would be refused by every Weft: catch it here.
  private void checkAgainstEmbedded(String text) {
    var err = spec.commandLine().getErr();
    Optional<PublicKey> embedded = TrustedKeys.embedded().find(keyId);
    if (embedded.isEmpty()) {
      err.println(
          "weft-license: warning: key id '"
              + keyId
              + "' is not embedded in this build: Weft refuses this license (UNKNOWN_KEY) "
              + "unless that public key is embedded");
      return;
    }
    var status =
        new LicenseVerifier(TrustedKeys.of(Map.of(keyId, embedded.get())), tool.clock).verify(text);
    if (status.problem() == LicenseProblem.SIGNATURE_INVALID) {
      throw new ToolException(
          ToolException.FAILED,
          "--key "
              + keyFile
              + " is not the private key of the embedded public key '"
              + keyId
              + "': nothing printed");
    }
  }

  private static OptionalLong limit(String option, Long n) {
    if (n == null) {
      return OptionalLong.empty();
    }
    if (n < 0) {
      throw new ToolException(ToolException.USAGE, option + ": " + n + " (expected: >= 0)");
    }
    return OptionalLong.of(n);
  }

  private static String defaultId(Instant issuedAt) {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return "lic-"
        + issuedAt.atOffset(ZoneOffset.UTC).getYear()
        + "-"
        + HexFormat.of().formatHex(random);
  }
}
