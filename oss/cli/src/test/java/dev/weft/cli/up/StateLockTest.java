package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.JavaMain;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One weft up per state directory, across processes; the OS frees the lock of a dead owner. */
class StateLockTest {
  @TempDir Path state;

  @Test
  void aSecondOwnerIsRefusedNamingTheFirstsPid() throws Exception {
    Process holder =
        new ProcessBuilder(JavaMain.command(LockHolder.class, state.toString()))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());

      UpException refused = assertThrows(UpException.class, () -> StateLock.acquire(state));

      assertTrue(
          refused
              .getMessage()
              .startsWith(
                  "weft up is already running with the state directory "
                      + state
                      + " (pid "
                      + holder.pid()
                      + " holds "),
          refused.getMessage());
      assertTrue(
          refused.getMessage().contains("`kill " + holder.pid() + "`"), refused.getMessage());
    } finally {
      holder.destroyForcibly();
      holder.waitFor(20, TimeUnit.SECONDS);
    }
    // Killed without a chance to clean up, the holder leaves the file but not the lock.
    assertTrue(Files.exists(state.resolve(StateLock.FILE)));
    try (StateLock _ = StateLock.acquire(state)) {
      assertEquals(
          ProcessHandle.current().pid() + "\n", Files.readString(state.resolve(StateLock.FILE)));
    }
  }

  @Test
  void releasedLockCanBeTakenAgain() throws Exception {
    StateLock.acquire(state).close();
    StateLock.acquire(state).close();
  }
}
