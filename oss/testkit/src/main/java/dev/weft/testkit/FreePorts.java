package dev.weft.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Blocks of consecutive ports free on 127.0.0.1 now, for programs that take a port base (such as
 * {@code weft up --port-base}), so concurrent tests do not clash. A port can still be taken between
 * the check and its use; a random block makes that unlikely.
 */
public final class FreePorts {
  private FreePorts() {}

  /**
   * The first port of {@code span} consecutive ports that are all free, between 20000 and 56000.
   */
  public static int block(int span) {
    if (span < 1 || span > 1000) {
      throw new IllegalArgumentException("span: " + span + " (expected: 1..1000)");
    }
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20_000 + span * ThreadLocalRandom.current().nextInt(36_000 / span);
      boolean free = true;
      for (int p = base; p < base + span && free; p++) {
        free = free(p);
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free block of " + span + " ports found");
  }

  /** Whether a listener could bind {@code 127.0.0.1:port} now. */
  public static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      // As servers do: connections of an earlier run in TIME_WAIT do not make it busy.
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
