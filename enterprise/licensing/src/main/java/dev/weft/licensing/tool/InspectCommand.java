package dev.weft.licensing.tool;

import dev.weft.licensing.License;
import dev.weft.licensing.LicenseDescription;
import dev.weft.licensing.LicenseException;
import dev.weft.licensing.LicenseKeys;
import dev.weft.licensing.LicenseProblem;
import dev.weft.licensing.LicenseStatus;
import dev.weft.licensing.LicenseVerifier;
import dev.weft.licensing.TrustedKeys;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Decodes a license key without trusting it, prints its fields and whether a key embedded in "
          + "this build (or --public-key) verifies it.",
      "Exit codes: 0 it verifies; 1 it does not; 2 a bad flag or a missing file; 4 not a license key."
    })
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand LicenseTool tool;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Parameters(paramLabel = "KEY", description = "The license key.")
    String key;

    @Option(names = "--file", paramLabel = "FILE", description = "A file holding the key.")
    Path file;
  }

  @Option(
      names = "--public-key",
      paramLabel = "FILE",
      description = "Verify with this public key (SPKI PEM) instead of the embedded ones.")
  Path publicKey;

  @Override
  public Integer call() {
    String text = source.key != null ? source.key : Options.read("--file", source.file);
    License license;
    try {
      license = LicenseKeys.decode(text).license();
    } catch (LicenseException e) {
      throw new ToolException(
          e.problem() == LicenseProblem.MISSING ? ToolException.USAGE : ToolException.UNPARSABLE,
          e.getMessage());
    }
    var out = spec.commandLine().getOut();
    LicenseDescription.lines(license).forEach(out::println);
    TrustedKeys keys =
        publicKey == null
            ? TrustedKeys.embedded()
            : TrustedKeys.of(Map.of(license.keyId(), Options.publicKey("--public-key", publicKey)));
    String which = publicKey == null ? "embedded key " : "key " + publicKey + " as ";
    LicenseStatus status = new LicenseVerifier(keys, tool.clock).verify(text);
    if (status.problem() == LicenseProblem.UNKNOWN_KEY
        || status.problem() == LicenseProblem.SIGNATURE_INVALID) {
      out.println("signature: does not verify: " + status.message());
      return ToolException.FAILED;
    }
    out.println("signature: verified with " + which + license.keyId());
    out.println(
        "status:    "
            + (status.usable() ? status.message() : status.problem() + ": " + status.message()));
    return 0;
  }
}
