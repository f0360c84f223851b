package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: exits become events with the log at hand; stopping reaches grandchildren. */
class SupervisorTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path state;

  private Supervisor supervisor() {
    return new Supervisor(state.resolve("logs"), new ChildrenRecord(state));
  }

  @Test
  void anEarlyExitIsAnEventNamingTheChildWithItsLog() throws Exception {
    Supervisor supervisor = supervisor();
    Child longRunning = supervisor.start(new ChildSpec("steady", List.of("sleep", "300")));
    Child failing =
        supervisor.start(
            new ChildSpec("flaky", List.of("sh", "-c", "echo starting; echo boom >&2; exit 3")));

    MeshEvent event = supervisor.poll(BOUND);

    MeshEvent.Exited exited = assertInstanceOf(MeshEvent.Exited.class, event);
    assertEquals("flaky", exited.child().name());
    assertEquals("exited with code 3", failing.exitDescription());
    assertEquals("  | starting\n  | boom", failing.logTail(20));
    assertTrue(longRunning.process().isAlive());
    assertTrue(Files.readString(state.resolve(ChildrenRecord.FILE)).contains("\tsteady\n"));

    assertEquals(List.of(), supervisor.stopAll(BOUND));
    assertFalse(longRunning.process().isAlive());
    assertFalse(Files.exists(state.resolve(ChildrenRecord.FILE)));
  }

  @Test
  void stoppingEndsChildrenOfChildren() throws Exception {
    Supervisor supervisor = supervisor();
    // The shell does not pass SIGTERM on: its sleep would be orphaned if only the shell were told.
    Child shell =
        supervisor.start(new ChildSpec("shell", List.of("sh", "-c", "sleep 300 & echo $!; wait")));
    Await.until(BOUND, "the grandchild's pid in the log", () -> shell.logTail(1).matches(".*\\d+"));
    long grandchild = Long.parseLong(shell.logTail(1).replaceAll("\\D", ""));
    assertTrue(ProcessHandle.of(grandchild).isPresent());

    supervisor.stopAll(BOUND);

    assertFalse(shell.process().isAlive());
    assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void aChildIgnoringSigtermIsKilledAfterTheGrace() throws Exception {
    Supervisor supervisor = supervisor();
    Child stubborn =
        supervisor.start(
            new ChildSpec(
                "stubborn", List.of("sh", "-c", "trap '' TERM; echo trapped; sleep 300")));
    Await.until(BOUND, "the trap set", () -> stubborn.logTail(1).contains("trapped"));

    List<String> killed = supervisor.stopAll(Duration.ofMillis(500));

    assertEquals(List.of("stubborn"), killed);
    assertFalse(stubborn.process().isAlive());
    assertEquals("was stopped by signal 9", stubborn.exitDescription());
  }

  @Test
  void aStopRequestIsAnEvent() throws Exception {
    Supervisor supervisor = supervisor();
    supervisor.requestStop();
    assertInstanceOf(MeshEvent.StopRequested.class, supervisor.poll(BOUND));
  }
}
