package dev.weft.proxy.outbound;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Steady load: {@code workers} virtual threads sending GETs through a fixture's proxy back to back
 * until stopped, counting answers by kind.
 */
final class Load implements AutoCloseable {
  private final AtomicInteger ok = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicReference<String> firstFailure = new AtomicReference<>("");
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  Load(OutboundFixture f, String authority, int workers) {
    this(f, authority, "/", workers);
  }

  Load(OutboundFixture f, String authority, String path, int workers) {
    for (int i = 0; i < workers; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                while (running) {
                  try {
                    HttpResponse<String> rsp = f.get(authority, path);
                    if (rsp.statusCode() == 200) {
                      ok.incrementAndGet();
                    } else {
                      fail(
                          rsp.statusCode()
                              + " "
                              + rsp.headers().firstValue("weft-proxy-error").orElse(""));
                    }
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    fail(e.toString());
                  }
                }
              }));
    }
  }

  private void fail(String what) {
    failures.incrementAndGet();
    firstFailure.compareAndSet("", what);
  }

  int ok() {
    return ok.get();
  }

  int failures() {
    return failures.get();
  }

  String firstFailure() {
    return firstFailure.get();
  }

  /** Stops sending, and waits for the requests under way. */
  void stop() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
