package dev.weft.proxy.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance name's fallbacks and the jar digest. */
class ReportedSelfTest {
  @Test
  void theConfiguredInstanceWinsThenHostnameThenHostAndPid() {
    assertEquals("books-0", ReportedSelf.instance("books-0", Map.of("HOSTNAME", "node-1")));
    assertEquals("node-1", ReportedSelf.instance("", Map.of("HOSTNAME", " node-1 ")));
    String fallback = ReportedSelf.instance("", Map.of("HOSTNAME", " "));
    assertTrue(
        fallback.endsWith("/" + ProcessHandle.current().pid()) && fallback.indexOf('/') > 0,
        fallback);
  }

  @Test
  void theDigestIsLowerCaseHexSha256OfTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("abc.jar");
    Files.writeString(file, "abc");
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", JarDigest.of(file));
  }

  @Test
  void aClassFromAJarHasItsJarsDigestAndOneFromClassesNone() throws Exception {
    Class<?> fromJar = Test.class;
    Path jar = Path.of(fromJar.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(jar.toString().endsWith(".jar"), jar.toString());
    String expected =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
    assertEquals(expected, JarDigest.of(fromJar));
    assertEquals("", JarDigest.of(Proxy.class), "target/classes is no jar");
  }
}
