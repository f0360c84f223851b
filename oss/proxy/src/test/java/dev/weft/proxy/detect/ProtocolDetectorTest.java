package dev.weft.proxy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolDetectorTest {
  private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

  /** A TLS 1.2 ClientHello record header and the start of its handshake. */
  private static final byte[] CLIENT_HELLO =
      HexFormat.of().parseHex("1603010200" + "010001fc0303" + "a1b2c3d4e5f60718");

  private static Protocol detect(byte[] bytes, int bound) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    try {
      return new ProtocolDetector(bound).detect(buf);
    } finally {
      buf.release();
    }
  }

  private static Protocol detect(String ascii) {
    return detect(ascii.getBytes(StandardCharsets.ISO_8859_1), DetectHandler.MAX_PREFIX_BYTES);
  }

  /** Feeds the bytes one at a time into a growing buffer, as a slow client would. */
  private static Protocol detectByteByByte(
      byte[] bytes, int bound, Function<Integer, String> onEarlyDecision) {
    ProtocolDetector d = new ProtocolDetector(bound);
    ByteBuf buf = Unpooled.buffer();
    try {
      for (int i = 0; i < bytes.length; i++) {
        buf.writeByte(bytes[i]);
        Protocol p = d.detect(buf);
        if (p != null) {
          int at = i;
          assertEquals(bytes.length - 1, at, () -> onEarlyDecision.apply(at) + ": decided " + p);
          return p;
        }
      }
      return null;
    } finally {
      buf.release();
    }
  }

  @Test
  void http2PrefaceIsHttp2() {
    assertEquals(Protocol.HTTP2, detect(PREFACE));
    // Frames that follow the preface in the same read do not change the answer.
    assertEquals(Protocol.HTTP2, detect(PREFACE + "\0\0\0\4\0\0\0\0\0"));
  }

  @Test
  void http2PrefaceByteByByteDecidesOnItsLastByte() {
    byte[] preface = PREFACE.getBytes(StandardCharsets.US_ASCII);
    assertEquals(Protocol.HTTP2, detectByteByByte(preface, 64, i -> "preface byte " + i));
  }

  @Test
  void partialPrefaceNeedsMoreBytes() {
    for (int n = 1; n < PREFACE.length(); n++) {
      assertNull(detect(PREFACE.substring(0, n)), "first " + n + " preface bytes");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n", // right request line, wrong tail
        "PRI * HTTP/2.0\n\nSM\n\n", // bare LFs
        "pri * http/2.0\r\n\r\nSM\r\n\r\n", // wrong case
        "PRI * HTTP/2.1\r\n\r\nSM\r\n\r\n",
      })
  void prefaceLookalikesAreOpaque(String input) {
    // Each fails the preface, and an "HTTP/2.x" request line is not HTTP/1 either.
    assertEquals(Protocol.OPAQUE, detect(input), input);
  }

  @Test
  void priMethodWithHttp1VersionIsHttp1() {
    assertEquals(Protocol.HTTP1, detect("PRI * HTTP/1.1\r\n"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET",
        "HEAD",
        "POST",
        "PUT",
        "DELETE",
        "CONNECT",
        "OPTIONS",
        "TRACE",
        "PATCH",
        "PROPFIND",
        "M-SEARCH"
      })
  void everyCommonMethodWithBothVersionsIsHttp1(String method) {
    String target =
        switch (method) {
          case "CONNECT" -> "example.test:443";
          case "OPTIONS" -> "*";
          default -> "/a/b?c=d&e=%20f";
        };
    for (String version : new String[] {"HTTP/1.0", "HTTP/1.1"}) {
      String line = method + " " + target + " " + version + "\r\n";
      assertEquals(Protocol.HTTP1, detect(line), line);
      assertEquals(
          Protocol.HTTP1, detect(line + "Host: example.test\r\n\r\n"), line + " with headers");
      byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
      assertEquals(
          Protocol.HTTP1,
          detectByteByByte(bytes, DetectHandler.MAX_PREFIX_BYTES, i -> line.trim() + " byte " + i));
    }
  }

  @Test
  void absoluteFormTargetIsHttp1() {
    assertEquals(Protocol.HTTP1, detect("GET http://example.test:8080/x HTTP/1.1\r\n"));
  }

  @Test
  void bareLineFeedEndsTheRequestLine() {
    assertEquals(Protocol.HTTP1, detect("GET / HTTP/1.1\n"));
    assertEquals(Protocol.HTTP1, detect("GET / HTTP/1.0\nHost: x\n\n"));
  }

  @Test
  void incompleteRequestLineNeedsMoreBytes() {
    String line = "GET /index.html HTTP/1.1\r";
    for (int n = 1; n <= line.length(); n++) {
      assertNull(detect(line.substring(0, n)), "first " + n + " bytes");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello world\r\n",
        "GET / HTTP/1.2\r\n",
        "GET / HTTP/2.0\r\n",
        "GET / HTTP/1.1 \r\n",
        "GET / HTTP/1.1\rX",
        "GET / http/1.1\r\n",
        "GET  / HTTP/1.1\r\n",
        " GET / HTTP/1.1\r\n",
        "GET /\r\n",
        "GET / \r\n",
        "GE(T / HTTP/1.1\r\n",
        "GET /a\tb HTTP/1.1\r\n",
        "GET /a\u007fb HTTP/1.1\r\n",
        "EHLO client.example\r\n",
        "*1\r\n$4\r\nPING\r\n",
        "SSH-2.0-OpenSSH_9.6\r\n",
        "\r\n",
      })
  void garbageIsOpaque(String input) {
    assertEquals(Protocol.OPAQUE, detect(input), input);
  }

  @Test
  void binaryIsOpaqueOnItsFirstByte() {
    assertEquals(Protocol.OPAQUE, detect(new byte[] {0}, 64));
    assertEquals(Protocol.OPAQUE, detect(new byte[] {(byte) 0xff, 1, 2}, 64));
    assertEquals(Protocol.OPAQUE, detect(new byte[] {(byte) 0xc3, (byte) 0xa9}, 64));
  }

  @Test
  void tlsClientHelloIsTls() {
    assertEquals(Protocol.TLS, detect(CLIENT_HELLO, 64));
    assertNull(detect(new byte[] {CLIENT_HELLO[0]}, 64), "the record type alone does not decide");
    assertEquals(
        Protocol.OPAQUE,
        detect(new byte[] {CLIENT_HELLO[0], 0x7f}, 64),
        "a handshake record type without a 3.x version is not TLS");
  }

  @Test
  void firstLineLongerThanTheBoundIsOpaque() {
    int bound = 64;
    String start = "GET /" + "a".repeat(bound - 6);
    assertEquals(bound - 1, start.length());
    assertNull(
        detect(start.getBytes(StandardCharsets.US_ASCII), bound),
        "one byte under the bound still waits");
    assertEquals(Protocol.OPAQUE, detect((start + "a").getBytes(StandardCharsets.US_ASCII), bound));
    byte[] longer = (start + "a".repeat(100)).getBytes(StandardCharsets.US_ASCII);
    assertEquals(Protocol.OPAQUE, detect(longer, bound));
    assertEquals(
        Protocol.OPAQUE, detectByteByByte(Arrays.copyOf(longer, bound), bound, i -> "byte " + i));
  }

  @Test
  void requestLineEndingAtTheBoundIsHttp1() {
    int bound = 64;
    String line = "GET /" + "a".repeat(bound - 5 - " HTTP/1.1\r\n".length()) + " HTTP/1.1\r\n";
    assertEquals(bound, line.length());
    assertEquals(Protocol.HTTP1, detect(line.getBytes(StandardCharsets.US_ASCII), bound));
  }

  @Test
  void defaultBoundAcceptsLongTargets() {
    String line = "GET /" + "x".repeat(8_000) + " HTTP/1.1\r\n";
    assertEquals(Protocol.HTTP1, detect(line));
  }

  @Test
  void readerIndexIsWhereThePrefixStarts() {
    ByteBuf buf = Unpooled.copiedBuffer("junkGET / HTTP/1.1\r\n", StandardCharsets.US_ASCII);
    try {
      buf.skipBytes(4);
      assertEquals(Protocol.HTTP1, new ProtocolDetector(64).detect(buf));
      assertEquals(4, buf.readerIndex(), "detection does not consume");
    } finally {
      buf.release();
    }
  }

  @Test
  void boundShorterThanThePrefaceIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ProtocolDetector(23));
  }
}
