package dev.weft.demo;

/**
 * Ends this process when the process that started it is gone, so a demo service never outlives a
 * {@code weft up} that was killed without the chance to stop its children.
 */
final class ParentWatchdog {
  private ParentWatchdog() {}

  static void watch(long parentPid) {
    ProcessHandle.of(parentPid)
        .ifPresentOrElse(
            parent ->
                parent
                    .onExit()
                    .thenRun(() -> {
                      System.err.println(
                          "weft-demo: parent process " + parentPid + " is gone; exiting");
                      System.exit(0);
                    }),
            () -> {
              System.err.println(
                  "weft-demo: parent process " + parentPid + " is not running; exiting");
              System.exit(3);
            });
  }
}
