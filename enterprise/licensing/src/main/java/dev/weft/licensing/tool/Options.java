package dev.weft.licensing.tool;

import dev.weft.licensing.KeyPem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Checks and reads what the vendor tool's options name, failing with the tool's exit codes. */
final class Options {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private Options() {}

  static void requireName(String option, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new ToolException(
          ToolException.USAGE,
          option + ": '" + value + "' (expected: lower-case letters, digits and '-')");
    }
  }

  /** {@code 2027-11-01T00:00:00Z}, or a date meaning its midnight UTC. */
  static Instant time(String option, String value) {
    try {
      return value.contains("T")
          ? Instant.parse(value)
          : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new ToolException(
          ToolException.USAGE,
          option + ": '" + value + "' (expected: 2027-11-01 or 2027-11-01T00:00:00Z)");
    }
  }

  static String read(String option, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ToolException(ToolException.USAGE, option + ": " + file + " does not exist");
    } catch (IOException e) {
      throw new ToolException(ToolException.FAILED, option + ": cannot read " + file + ": " + e);
    }
  }

  static PrivateKey privateKey(String option, Path file) {
    try {
      return KeyPem.readPrivate(read(option, file), option + " " + file);
    } catch (IllegalArgumentException e) {
      throw new ToolException(ToolException.UNPARSABLE, e.getMessage());
    }
  }

  static PublicKey publicKey(String option, Path file) {
    try {
      return KeyPem.readPublic(read(option, file), option + " " + file);
    } catch (IllegalArgumentException e) {
      throw new ToolException(ToolException.UNPARSABLE, e.getMessage());
    }
  }
}
