package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes stopped on purpose while the others run (the zone tour's "zone stopped"): no event
 * that would end weft up, out of the record, and started again under the same name with the log
 * continued.
 */
class SupervisorStopTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir Path state;

  @Test
  void aChildStoppedOnPurposeIsNoEventAndStartsAgainWithItsLogContinued() throws Exception {
    Supervisor supervisor = new Supervisor(state.resolve("logs"), new ChildrenRecord(state));
    ChildSpec zoneSpec = new ChildSpec("books-a-0", List.of("sh", "-c", "echo run; sleep 300"));
    Child zone = supervisor.start(zoneSpec);
    Child other = supervisor.start(new ChildSpec("books-b-0", List.of("sleep", "300")));
    Await.until(BOUND, "the first run's line", () -> zone.logTail(1).contains("run"));

    assertEquals(List.of(), supervisor.stop(List.of(zone), BOUND));

    assertFalse(zone.process().isAlive());
    // stop() returns once the exit has been dealt with: had it been an event, it would be here.
    assertNull(supervisor.poll(Duration.ZERO));
    assertEquals(List.of(other), supervisor.children());
    assertFalse(Files.readString(state.resolve(ChildrenRecord.FILE)).contains("books-a-0"));

    Child again = supervisor.start(zoneSpec);
    Await.until(BOUND, "the second run's line", () -> again.logTail(2).contains("run\n  | run"));
    assertTrue(Files.readString(state.resolve(ChildrenRecord.FILE)).contains("\tbooks-a-0\n"));

    // An exit nobody asked for is still an event.
    other.process().destroy();
    MeshEvent.Exited exited = assertInstanceOf(MeshEvent.Exited.class, supervisor.poll(BOUND));
    assertEquals("books-b-0", exited.child().name());

    supervisor.stopAll(BOUND);
    assertFalse(again.process().isAlive());
    UpException refused =
        assertThrows(
            UpException.class, () -> supervisor.start(new ChildSpec("late", List.of("true"))));
    assertEquals("not starting late: weft up is stopping", refused.getMessage());
  }
}
