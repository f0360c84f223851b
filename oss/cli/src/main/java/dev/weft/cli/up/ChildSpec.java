package dev.weft.cli.up;

import java.util.List;
import java.util.Map;

/** A process to start: its name (used in messages and as its log file's name) and command. */
record ChildSpec(String name, List<String> command, Map<String, String> environment) {
  ChildSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }

  ChildSpec(String name, List<String> command) {
    this(name, command, Map.of());
  }
}
