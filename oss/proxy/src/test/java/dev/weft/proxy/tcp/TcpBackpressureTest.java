package dev.weft.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.TestProxy;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * A fast sender and a receiver that does not read: the proxy must stop reading instead of
 * buffering, and resume when the receiver drains.
 */
class TcpBackpressureTest {
  private static final long TOTAL = 64L * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;

  /** Deterministic, non-repeating content, so that a lost or reordered chunk changes the CRC. */
  private static byte[] chunk(long index) {
    byte[] b = new byte[CHUNK];
    long x = index * 0x9E3779B97F4A7C15L + 1;
    for (int i = 0; i < b.length; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      b[i] = (byte) x;
    }
    if (index == 0) {
      b[0] = 0; // decides detection as opaque on the first byte
    }
    return b;
  }

  /**
   * True once {@code counter} has not moved for {@code polls} consecutive checks: the writer is
   * blocked. Finishing also makes it true, which the caller then rejects.
   */
  private static BooleanSupplier stalled(AtomicLong counter, int polls) {
    long[] last = {-1};
    int[] same = {0};
    return () -> {
      long now = counter.get();
      same[0] = now == last[0] && now > 0 ? same[0] + 1 : 0;
      last[0] = now;
      return same[0] >= polls;
    };
  }

  @Test
  void clientToSlowUpstreamCompletesWithTheRightCount() throws Exception {
    CountDownLatch startReading = new CountDownLatch(1);
    AtomicLong upstreamCrc = new AtomicLong();
    try (BlockingServer upstream =
            BlockingServer.start(s -> {
              if (!startReading.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
              }
              InputStream in = s.getInputStream();
              CRC32 crc = new CRC32();
              long count = 0;
              // Slowly at first: small reads.
              byte[] small = new byte[512];
              while (count < 1024 * 1024) {
                int n = in.read(small);
                if (n < 0) {
                  break;
                }
                crc.update(small, 0, n);
                count += n;
              }
              byte[] big = new byte[CHUNK];
              for (int n; (n = in.read(big)) != -1; ) {
                crc.update(big, 0, n);
                count += n;
              }
              upstreamCrc.set(crc.getValue());
              DataOutputStream out = new DataOutputStream(s.getOutputStream());
              out.writeLong(count);
              out.flush();
            });
        TestProxy proxy = TestProxy.start(upstream.address());
        Socket client = TcpRelayTest.connect(proxy)) {
      AtomicLong written = new AtomicLong();
      CRC32 sent = new CRC32();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(() -> {
            try {
              OutputStream out = client.getOutputStream();
              for (long i = 0; i * CHUNK < TOTAL; i++) {
                byte[] b = chunk(i);
                sent.update(b);
                out.write(b);
                written.addAndGet(b.length);
              }
              client.shutdownOutput();
            } catch (Exception e) {
              throw new RuntimeException(e);
            }
          });

      TcpRelayTest.await(Duration.ofSeconds(60), stalled(written, 30), "the client's writes block");
      long beforeRelease = written.get();
      assertTrue(
          beforeRelease < TOTAL,
          "the client wrote all "
              + TOTAL
              + " bytes while nobody read them: the proxy buffered instead of pushing back");
      startReading.countDown();

      writer.get(60, TimeUnit.SECONDS);
      long count = new DataInputStream(client.getInputStream()).readLong();
      assertEquals(TOTAL, count);
      assertEquals(sent.getValue(), upstreamCrc.get());
      assertEquals(List.of(), upstream.errors());
    }
  }

  @Test
  void upstreamToSlowClientCompletesWithTheRightCount() throws Exception {
    CRC32 sent = new CRC32();
    AtomicLong written = new AtomicLong();
    try (BlockingServer upstream =
            BlockingServer.start(s -> {
              // The client's first byte opens the relay; then the upstream floods it.
              if (s.getInputStream().read() < 0) {
                throw new AssertionError("no first byte");
              }
              OutputStream out = s.getOutputStream();
              for (long i = 0; i * CHUNK < TOTAL; i++) {
                byte[] b = chunk(i);
                sent.update(b);
                out.write(b);
                written.addAndGet(b.length);
              }
              s.shutdownOutput();
            });
        TestProxy proxy = TestProxy.start(upstream.address());
        Socket client = TcpRelayTest.connect(proxy)) {
      client.getOutputStream().write(0);

      TcpRelayTest.await(
          Duration.ofSeconds(60), stalled(written, 30), "the upstream's writes block");
      assertTrue(
          written.get() < TOTAL,
          "the upstream wrote all "
              + TOTAL
              + " bytes while the client read nothing: the proxy buffered them");

      InputStream in = client.getInputStream();
      CRC32 received = new CRC32();
      long count = 0;
      byte[] buf = new byte[CHUNK];
      for (int n; (n = in.read(buf)) != -1; ) {
        received.update(buf, 0, n);
        count += n;
      }
      assertEquals(TOTAL, count);
      assertEquals(sent.getValue(), received.getValue());
      assertEquals(List.of(), upstream.errors());
    }
  }
}
