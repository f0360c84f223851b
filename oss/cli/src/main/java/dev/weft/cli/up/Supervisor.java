package dev.weft.cli.up;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Starts processes with their output in {@code logs/NAME.log}, reports each exit as an event, and
 * stops them all: SIGTERM to each process and its descendants, a bounded wait, then SIGKILL. Some
 * may be stopped on purpose while the rest run ({@link #stop}): their exit is no event, and they
 * may be started again under the same name, their log continued.
 *
 * <p>Thread-safety: {@link #start}, {@link #stop} and {@link #stopAll} may be called from any
 * thread (the supervising loop, the zone tour, the shutdown path); they take turns. Once {@link
 * #stopAll} has begun, {@link #start} refuses. Events may be read from any thread.
 */
final class Supervisor {
  private final Path logs;
  private final List<Child> children = new ArrayList<>();
  private final BlockingQueue<MeshEvent> events = new LinkedBlockingQueue<>();
  private final ChildrenRecord record;
  // Children stopped on purpose: their exit is not news. Marked before they are signalled.
  private final Set<Child> stopping = ConcurrentHashMap.newKeySet();
  private final Map<Child, Thread> watchers = new ConcurrentHashMap<>();
  private final Set<String> startedNames = new HashSet<>();
  private final Object lifecycle = new Object();
  private boolean closed;

  Supervisor(Path logs, ChildrenRecord record) {
    this.logs = logs;
    this.record = record;
  }

  Child start(ChildSpec spec) throws UpException {
    synchronized (lifecycle) {
      if (closed) {
        throw new UpException("not starting " + spec.name() + ": weft up is stopping");
      }
      return launch(spec);
    }
  }

  private Child launch(ChildSpec spec) throws UpException {
    Path log = logs.resolve(spec.name() + ".log");
    // A restart continues the log of this run; a first start replaces an earlier run's.
    boolean again = !startedNames.add(spec.name());
    ProcessBuilder builder =
        new ProcessBuilder(spec.command())
            .redirectErrorStream(true)
            .redirectOutput(
                again
                    ? ProcessBuilder.Redirect.appendTo(log.toFile())
                    : ProcessBuilder.Redirect.to(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    // On top of weft up's own environment, which the child inherits.
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
    Thread watcher =
        Thread.ofPlatform()
            .daemon()
            .name("watch-" + spec.name())
            .unstarted(() -> {
              while (true) {
                try {
                  process.waitFor();
                  break;
                } catch (InterruptedException e) {
                  // Only the exit ends this thread.
                }
              }
              if (!stopping.contains(child)) {
                events.add(new MeshEvent.Exited(child));
              }
            });
    watchers.put(child, watcher);
    watcher.start();
    return child;
  }

  /**
   * Stops {@code some} children on purpose, as {@link #stopAll} would (SIGTERM to each and its
   * descendants, SIGKILL after {@code grace}), while the others run on: their exits are not
   * reported as events, and they are no longer among {@link #children()}. Returns once every one
   * has ended and its exit has been dealt with. Returns the names of those that had to be killed.
   */
  List<String> stop(List<Child> some, Duration grace) throws InterruptedException {
    synchronized (lifecycle) {
      stopping.addAll(some);
      List<String> killed = terminate(some, grace);
      for (Child c : some) {
        Thread watcher = watchers.remove(c);
        if (watcher != null) {
          watcher.join();
        }
      }
      synchronized (children) {
        children.removeAll(some);
        record.write(children);
      }
      return killed;
    }
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
   * Returns the names of processes that had to be killed. Nothing can be started afterwards.
   */
  List<String> stopAll(Duration grace) {
    synchronized (lifecycle) {
      closed = true;
      List<String> killed = terminate(children().reversed(), grace);
      synchronized (children) {
        record.clear();
      }
      return killed;
    }
  }

  private static List<String> terminate(List<Child> some, Duration grace) {
    List<Child> running = new ArrayList<>(some);
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
    return killed;
  }
}
