package dev.weft.proxy.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** The token proving the identity, read afresh for every attempt because tokens rotate. */
final class TokenFile {
  private TokenFile() {}

  static byte[] read(Path file) throws CertifyException {
    byte[] token;
    try {
      token = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CertifyException("token file " + file + ": does not exist");
    } catch (IOException e) {
      throw new CertifyException("token file " + file + ": unreadable: " + e, e);
    }
    // Token files are often written with a trailing newline that is not part of the token.
    int end = token.length;
    while (end > 0 && Character.isWhitespace(token[end - 1])) {
      end--;
    }
    if (end == 0) {
      throw new CertifyException("token file " + file + ": empty");
    }
    return end == token.length ? token : Arrays.copyOf(token, end);
  }
}
