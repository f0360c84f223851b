package dev.weft.controlplane.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory's lock, file modes and local secrets. */
class StateDirectoryTest {
  @TempDir Path dir;

  @Test
  void secondOpenInThisProcessIsRefusedUntilTheFirstCloses() {
    try (StateDirectory first = StateDirectory.open(dir)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> StateDirectory.open(dir));
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertTrue(first.exists(StateDirectory.LOCK_FILE));
    }
    StateDirectory.open(dir).close();
  }

  @Test
  void anotherProcessHoldingTheDirectoryIsNamedInTheRefusal() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process holder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                StateDirectoryHolder.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      // The child prints "locked" once it holds the lock; readLine blocks until then or its exit.
      do {
        line = out.readLine();
      } while (line != null && !line.equals("locked"));
      assertEquals("locked", line, "the child process did not lock the directory");
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> StateDirectory.open(dir));
      assertTrue(e.getMessage().contains("in use by another Weft control plane"), e.getMessage());
      assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    } finally {
      holder.getOutputStream().close(); // the child exits when its stdin closes
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the child did not exit");
    }
    StateDirectory.open(dir).close();
  }

  @Test
  void secretsAreCreatedPrivateAndReusedAfterwards() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] key;
    String admin;
    try (StateDirectory state = StateDirectory.open(dir)) {
      key = LocalSecrets.tokenKey(state, random);
      admin = LocalSecrets.adminToken(state, random);
    }
    for (String file : List.of(LocalSecrets.TOKEN_KEY, LocalSecrets.ADMIN_TOKEN)) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))),
          file);
    }
    Files.setPosixFilePermissions(
        dir.resolve(LocalSecrets.ADMIN_TOKEN), PosixFilePermissions.fromString("rw-r--r--"));
    try (StateDirectory state = StateDirectory.open(dir)) {
      assertEquals(32, key.length);
      assertEquals(
          java.util.HexFormat.of().formatHex(key),
          java.util.HexFormat.of().formatHex(LocalSecrets.tokenKey(state, random)));
      assertEquals(admin, LocalSecrets.adminToken(state, random));
    }
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve(LocalSecrets.ADMIN_TOKEN))));
  }

  @Test
  void writesReplaceFilesWholeAndLeaveNoTemporaries() throws Exception {
    try (StateDirectory state = StateDirectory.open(dir)) {
      state.writePublic("bundle.pem", "one");
      state.writePublic("bundle.pem", "two");
    }
    assertEquals("two", Files.readString(dir.resolve("bundle.pem")));
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
    }
  }
}
