package dev.weft.cli.up;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts processes with their output in {@code logs/NAME.log}, reports each exit as an event, and
 * stops them all: SIGTERM to each process and its descendants, a bounded wait, then SIGKILL.
 *
 * <p>Thread-safety: {@link #start} and {@link #stopAll} are called from one thread at a time (the
 * supervising loop, or the shutdown path once the loop has ended); events may be read from any.
 */
final class Supervisor {
  private final Path logs;
  private final List<Child> children = new ArrayList<>();
  private final BlockingQueue<MeshEvent> events = new LinkedBlockingQueue<>();
  private final ChildrenRecord record;

  Supervisor(Path logs, ChildrenRecord record) {
    this.logs = logs;
    this.record = record;
  }

  Child start(ChildSpec spec) throws UpException {
    Path log = logs.resolve(spec.name() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(spec.command())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(spec.environment());
    Process process;
    try {
      Files.createDirectories(logs);
      process = builder.start();
    } catch (IOException e) {
      throw new UpException(
          "cannot start " + spec.name() + " (" + spec.command().get(0) + "): " + e.getMessage(), e);
    }
    Child child = new Child(spec.name(), process, log);
    synchronized (children) {
      children.add(child);
      record.write(children);
    }
    // A thread of its own per child: Process.onExit() completes on the common pool, which a busy
    // caller can starve, and then an exit would go unnoticed.
    Thread.ofPlatform()
        .daemon()
        .name("watch-" + spec.name())
        .start(() -> {
          while (true) {
            try {
              process.waitFor();
              break;
            } catch (InterruptedException e) {
              // Only the exit ends this thread.
            }
          }
          events.add(new MeshEvent.Exited(child));
        });
    return child;
  }

  /** Delivers a stop request to whoever waits for events. */
  void requestStop() {
    events.add(new MeshEvent.StopRequested());
  }

  /** The next event, or null when none came within {@code wait}. */
  MeshEvent poll(Duration wait) throws InterruptedException {
    return events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  List<Child> children() {
    synchronized (children) {
      return List.copyOf(children);
    }
  }

  /**
   * Stops every process still running, latest started first so that callers go before callees:
   * SIGTERM to each and its descendants, then SIGKILL to whatever is left after {@code grace}.
   * Returns the names of processes that had to be killed.
   */
  List<String> stopAll(Duration grace) {
    List<Child> running = new ArrayList<>(children().reversed());
    running.removeIf(c -> !c.process().isAlive());
    List<ProcessHandle> all = new ArrayList<>();
    for (Child c : running) {
      // Collected before the parent goes, since then its children are re-parented out of reach.
      List<ProcessHandle> descendants = c.process().descendants().toList();
      c.process().destroy();
      descendants.forEach(ProcessHandle::destroy);
      all.add(c.process().toHandle());
      all.addAll(descendants);
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // Still running after the grace period (or we were interrupted): killed below.
      }
    }
    List<ProcessHandle> left = all.stream().filter(ProcessHandle::isAlive).toList();
    for (ProcessHandle h : left) {
      h.descendants().forEach(ProcessHandle::destroyForcibly);
      h.destroyForcibly();
    }
    List<String> killed =
        running.stream()
            .filter(c -> left.stream().anyMatch(h -> h.pid() == c.pid()))
            .map(Child::name)
            .toList();
    for (ProcessHandle h : left) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // SIGKILL cannot be refused; a process stuck in the kernel is beyond our reach.
      }
    }
    synchronized (children) {
      record.clear();
    }
    return killed;
  }
}
