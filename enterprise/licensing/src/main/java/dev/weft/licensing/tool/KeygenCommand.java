package dev.weft.licensing.tool;

import dev.weft.licensing.KeyPem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Makes an Ed25519 signing key pair: ID.key (private, PKCS#8 PEM, mode 0600) and ID.pem "
          + "(public, SPKI PEM). Keep ID.key out of every repository; embed ID.pem in the build."
    })
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Directory to write to (created if missing).")
  Path out;

  @Option(
      names = "--key-id",
      required = true,
      paramLabel = "ID",
      description = "The key id licenses name, e.g. weft-2027.")
  String keyId;

  @Override
  public Integer call() {
    Options.requireName("--key-id", keyId);
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new ToolException(ToolException.FAILED, "this JDK has no Ed25519: " + e.getMessage());
    }
    Path privateFile = out.resolve(keyId + ".key");
    Path publicFile = out.resolve(keyId + ".pem");
    try {
      Files.createDirectories(out);
      for (Path f : new Path[] {privateFile, publicFile}) {
        if (Files.exists(f)) {
          throw new FileAlreadyExistsException(f.toString());
        }
      }
      // Created with its final mode, so the private key is never readable by others.
      Files.createFile(
          privateFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          privateFile, KeyPem.privatePem(pair.getPrivate()), StandardCharsets.US_ASCII);
      Files.writeString(publicFile, KeyPem.publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      throw new ToolException(
          ToolException.FAILED,
          e.getFile() + " already exists (not overwritten: choose another --key-id or --out)");
    } catch (IOException e) {
      throw new ToolException(ToolException.FAILED, "cannot write to " + out + ": " + e);
    }
    var o = spec.commandLine().getOut();
    o.println("wrote " + privateFile + " (private key: keep it secret, outside any repository)");
    o.println("wrote " + publicFile + " (public key: src/main/resources/dev/weft/licensing/keys/)");
    o.println(
        "for tests only: WEFT_LICENSE_EXTRA_PUBLIC_KEY="
            + keyId
            + "="
            + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    return 0;
  }
}
