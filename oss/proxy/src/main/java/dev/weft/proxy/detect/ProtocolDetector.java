package dev.weft.proxy.detect;

import io.netty.buffer.ByteBuf;

/**
 * Decides a connection's protocol from the first bytes a client sent, incrementally: each call
 * looks only at bytes it has not seen, so a client that sends one byte at a time costs linear work.
 *
 * <p>HTTP/2 is recognised by its 24-byte connection preface, HTTP/1 by a request line ({@code
 * METHOD SP request-target SP HTTP/1.x CRLF}), TLS by a handshake record header. Anything else, or
 * a first line longer than the bound, is opaque. Not thread-safe: one instance per connection, used
 * on its event loop.
 */
public final class ProtocolDetector {
  static final byte[] H2_PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte TLS_HANDSHAKE = 0x16;
  private static final byte[] HTTP1_VERSION =
      "HTTP/1.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private enum Phase {
    METHOD,
    TARGET,
    VERSION,
    VERSION_DIGIT,
    CR,
    LF
  }

  private final int maxLineBytes;
  private Phase phase = Phase.METHOD;
  private int scanned;
  private int phaseStart;
  private boolean mayBeH2 = true;

  /**
   * @param maxLineBytes how many bytes may pass without a decision before giving up on HTTP/1
   */
  public ProtocolDetector(int maxLineBytes) {
    if (maxLineBytes < H2_PREFACE.length) {
      throw new IllegalArgumentException(
          "maxLineBytes: " + maxLineBytes + " (expected: >= " + H2_PREFACE.length + ")");
    }
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Looks at the readable bytes of {@code prefix} (all bytes the client sent so far, not consumed)
   * and returns the protocol, or {@code null} when more bytes are needed.
   */
  public Protocol detect(ByteBuf prefix) {
    int start = prefix.readerIndex();
    int len = prefix.readableBytes();
    if (len > 0 && prefix.getByte(start) == TLS_HANDSHAKE) {
      // A TLS record: content type handshake, then a 3.x record version.
      return len < 2 ? null : prefix.getByte(start + 1) == 3 ? Protocol.TLS : Protocol.OPAQUE;
    }
    if (mayBeH2) {
      int n = Math.min(len, H2_PREFACE.length);
      for (int i = 0; i < n; i++) {
        if (prefix.getByte(start + i) != H2_PREFACE[i]) {
          mayBeH2 = false;
          break;
        }
      }
      if (mayBeH2) {
        return n == H2_PREFACE.length ? Protocol.HTTP2 : null;
      }
    }
    for (; scanned < len; scanned++) {
      Protocol p = step(prefix.getByte(start + scanned));
      if (p != null) {
        return p;
      }
    }
    return len >= maxLineBytes ? Protocol.OPAQUE : null;
  }

  private Protocol step(byte b) {
    switch (phase) {
      case METHOD -> {
        if (b == ' ' && scanned > 0) {
          next(Phase.TARGET);
        } else if (!isTokenChar(b)) {
          return Protocol.OPAQUE;
        }
      }
      case TARGET -> {
        if (b == ' ' && scanned > phaseStart) {
          next(Phase.VERSION);
        } else if (b <= ' ' || b == 0x7f) {
          return Protocol.OPAQUE;
        }
      }
      case VERSION -> {
        int i = scanned - phaseStart;
        if (b != HTTP1_VERSION[i]) {
          return Protocol.OPAQUE;
        }
        if (i == HTTP1_VERSION.length - 1) {
          next(Phase.VERSION_DIGIT);
        }
      }
      case VERSION_DIGIT -> {
        if (b != '0' && b != '1') {
          return Protocol.OPAQUE;
        }
        next(Phase.CR);
      }
      case CR -> {
        if (b == '\n') {
          return Protocol.HTTP1;
        }
        if (b != '\r') {
          return Protocol.OPAQUE;
        }
        next(Phase.LF);
      }
      case LF -> {
        return b == '\n' ? Protocol.HTTP1 : Protocol.OPAQUE;
      }
    }
    return null;
  }

  private void next(Phase p) {
    phase = p;
    phaseStart = scanned + 1;
  }

  /** RFC 9110 tchar. */
  private static boolean isTokenChar(byte b) {
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
      return true;
    }
    return switch (b) {
      case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
      default -> false;
    };
  }
}
