package dev.weft.controlplane.local;

import java.io.IOException;
import java.nio.file.Path;

/** A separate process that holds a state directory until its stdin closes. */
public final class StateDirectoryHolder {
  private StateDirectoryHolder() {}

  public static void main(String[] args) throws IOException {
    try (StateDirectory state = StateDirectory.open(Path.of(args[0]))) {
      System.out.println(state.exists(StateDirectory.LOCK_FILE) ? "locked" : "no lock file");
      System.out.flush();
      while (System.in.read() != -1) {
        // wait for the parent to close our stdin
      }
    }
  }
}
