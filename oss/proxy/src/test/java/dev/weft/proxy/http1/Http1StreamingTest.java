package dev.weft.proxy.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies far larger than the proxy's heap pass through a proxy process limited to 48 MB of heap,
 * which exits on the first OutOfMemoryError: they can only arrive whole if they are streamed.
 */
class Http1StreamingTest {
  private static final long SIZE = 256L * 1024 * 1024;
  private static final int BLOCK = 64 * 1024;

  /**
   * What the process may occupy in memory: its heap, its direct buffers and the JVM itself,
   * generously.
   */
  private static final long RSS_BOUND = 200L * 1024 * 1024;

  private static final byte[] PATTERN = new byte[BLOCK];
  private static final byte[] CRLF = {'\r', '\n'};
  private static long patternCrc;
  private static RawUpstream upstream;
  private static ProxyProcess proxy;

  @TempDir static Path logs;

  @BeforeAll
  static void start() throws Exception {
    new Random(42).nextBytes(PATTERN);
    CRC32 crc = new CRC32();
    for (long sent = 0; sent < SIZE; sent += BLOCK) {
      crc.update(PATTERN);
    }
    patternCrc = crc.getValue();
    upstream =
        RawUpstream.start((conn, i) -> {
          for (Http1Message req; (req = Http1Wire.readHead(conn.in())) != null; ) {
            if (req.method().equals("POST")) {
              long length = Long.parseLong(req.header("content-length"));
              long[] counted = countAndCrc(conn.in(), length);
              conn.send(Http1Wire.response(200, counted[0] + " " + Long.toHexString(counted[1])));
            } else {
              conn.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
              OutputStream out = new BufferedOutputStream(conn.out(), 2 * BLOCK);
              byte[] size =
                  (Integer.toHexString(BLOCK) + "\r\n").getBytes(StandardCharsets.US_ASCII);
              for (long sent = 0; sent < SIZE; sent += BLOCK) {
                out.write(size);
                out.write(PATTERN);
                out.write(CRLF);
              }
              out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
            }
          }
        });
    proxy =
        ProxyProcess.start(
            upstream.address(), logs, List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    upstream.close();
  }

  @Test
  void aRequestBodyOf256MegabytesStreamsToTheUpstream() throws Exception {
    try (RawClient c = RawClient.connect(proxy.address())) {
      OutputStream out = c.out();
      out.write(
          ("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: " + SIZE + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (long sent = 0; sent < SIZE; sent += BLOCK) {
        out.write(PATTERN);
      }
      out.flush();
      Http1Message rsp = c.response();
      assertEquals(200, rsp.status(), rsp.bodyText());
      assertEquals(SIZE + " " + Long.toHexString(patternCrc), rsp.bodyText());
    }
    assertBounded();
  }

  @Test
  void aResponseBodyOf256MegabytesStreamsToTheClient() throws Exception {
    try (RawClient c = RawClient.connect(proxy.address())) {
      c.send("GET /download HTTP/1.1\r\nHost: h\r\n\r\n");
      Http1Message head = Http1Wire.readHead(c.in());
      assertEquals(200, head.status());
      assertEquals("chunked", head.header("transfer-encoding"));
      CRC32 crc = new CRC32();
      long total = 0;
      for (byte[] chunk; (chunk = Http1Wire.readChunk(c.in())).length > 0; ) {
        crc.update(chunk);
        total += chunk.length;
      }
      assertTrue(Http1Wire.readFields(c.in()).isEmpty());
      assertEquals(SIZE, total);
      assertEquals(patternCrc, crc.getValue());
    }
    assertBounded();
  }

  private void assertBounded() throws IOException {
    assertTrue(proxy.isAlive(), "the proxy process died; its output:\n" + proxy.output());
    long rss = proxy.statusBytes("VmRSS");
    long peak = proxy.statusBytes("VmHWM");
    assertTrue(rss < RSS_BOUND, "resident set " + (rss >> 20) + " MB after the transfer");
    // The peak covers the whole transfer, not just its aftermath.
    assertTrue(peak < RSS_BOUND, "peak resident set " + (peak >> 20) + " MB");
  }

  private static long[] countAndCrc(InputStream in, long length) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[BLOCK];
    long total = 0;
    while (total < length) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, length - total));
      if (n < 0) {
        break;
      }
      crc.update(buf, 0, n);
      total += n;
    }
    return new long[] {total, crc.getValue()};
  }
}
