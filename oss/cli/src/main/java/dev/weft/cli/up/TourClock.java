package dev.weft.cli.up;

/** The zone tour's pace: a tick a second in a real run; tests tick at once. */
interface TourClock {
  /** Returns at the next tick. */
  void awaitTick() throws InterruptedException;

  /** Ticks once a second, on a fixed schedule, however long the work between ticks took. */
  static TourClock everySecond() {
    return new TourClock() {
      private long next = System.nanoTime();

      @Override
      public void awaitTick() throws InterruptedException {
        next += 1_000_000_000L;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } else {
          // Fell behind (a zone took long to stop): start the schedule again from now.
          next = System.nanoTime();
        }
      }
    };
  }
}
