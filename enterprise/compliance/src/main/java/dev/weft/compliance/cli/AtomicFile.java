package dev.weft.compliance.cli;

import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files the commands hand out, written whole or not at all. */
final class AtomicFile {
  private AtomicFile() {}

  /**
   * Writes {@code bytes} to a temporary file beside {@code file} and moves it into place, so that a
   * reader never sees half a bundle (it would fail to verify as MALFORMED) or half an SBOM.
   *
   * @throws CommandFailure exit 1 naming the file when it cannot be written
   */
  static void write(Path file, byte[] bytes) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, ".weft", ".tmp");
      try {
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new CommandFailure(
          Exits.FAILED, "cannot write " + file + " (" + e + ")", "check the directory");
    }
  }
}
