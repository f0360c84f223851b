package dev.weft.compliance.cli;

import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import dev.weft.compliance.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft compliance keygen --out DIR}: a P-256 key pair, key.pem (PKCS#8) and pub.pem. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Write a new ECDSA P-256 signing key pair: DIR/key.pem (PKCS#8, private, mode 600) and"
          + " DIR/pub.pem (SPKI, for verifiers).",
      "Needs the license feature 'compliance'."
    })
final class KeygenCommand implements Callable<Integer> {
  static final String PRIVATE_FILE = "key.pem";
  static final String PUBLIC_FILE = "pub.pem";

  private final ComplianceEntitlement entitlement;

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where to write them (created if missing; existing keys are never replaced).")
  Path out;

  KeygenCommand(ComplianceEntitlement entitlement) {
    this.entitlement = entitlement;
  }

  @Override
  public Integer call() {
    entitlement.require("keygen", spec.commandLine().getErr());
    Path privateFile = out.resolve(PRIVATE_FILE);
    Path publicFile = out.resolve(PUBLIC_FILE);
    for (Path p : new Path[] {privateFile, publicFile}) {
      if (Files.exists(p)) {
        throw new CommandFailure(
            Exits.FAILED,
            p + " exists",
            "remove it or choose another --out (a signing key is never overwritten)");
      }
    }
    SigningKey key = SigningKey.generate();
    try {
      Files.createDirectories(out);
      writePrivate(privateFile, key.privatePem());
      Files.writeString(publicFile, key.publicPem(), StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new CommandFailure(
          Exits.FAILED, e.getFile() + " exists", "remove it or choose another --out");
    } catch (IOException e) {
      throw new CommandFailure(
          Exits.FAILED, "cannot write to " + out + " (" + e + ")", "check the directory");
    }
    spec.commandLine()
        .getOut()
        .println(
            "wrote "
                + privateFile
                + " (keep it secret) and "
                + publicFile
                + " (for verifiers); key id "
                + key.keyId());
    return Exits.OK;
  }

  private static void writePrivate(Path file, String pem) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      // Created readable by its owner only, never briefly world-readable.
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    } else {
      Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
    }
  }
}
