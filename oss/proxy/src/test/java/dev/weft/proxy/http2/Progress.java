package dev.weft.proxy.http2;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A count that a sender advances and a test waits on: "at least n so far". Thread-safe. */
final class Progress {
  private record Mark(int at, CompletableFuture<Integer> reached) {}

  private final List<Mark> marks = new ArrayList<>();
  private int count;

  synchronized void advance() {
    count++;
    marks.removeIf(m -> m.at() <= count && m.reached().complete(count));
  }

  synchronized int count() {
    return count;
  }

  /** Completes with the count once it is at least {@code n}. */
  synchronized CompletableFuture<Integer> atLeast(int n) {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    if (count >= n) {
      f.complete(count);
    } else {
      marks.add(new Mark(n, f));
    }
    return f;
  }
}
