package dev.weft.proxy.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Hop-by-hop headers (RFC 9110 section 7.6.1): they describe one connection and are not forwarded.
 * {@code Transfer-Encoding} is kept because the codec frames the body by it; {@code TE: trailers}
 * is kept because gRPC and others rely on it end to end.
 */
final class HopByHop {
  private static final List<AsciiString> ALWAYS =
      List.of(
          HttpHeaderNames.KEEP_ALIVE,
          AsciiString.cached("proxy-connection"),
          HttpHeaderNames.PROXY_AUTHENTICATE);

  private HopByHop() {}

  /**
   * Removes hop-by-hop headers in place. With {@code keepUpgrade} the {@code Upgrade} header and
   * {@code Connection: upgrade} stay, for a protocol switch the upstream must see.
   */
  static void strip(HttpHeaders h, boolean keepUpgrade) {
    if (h.contains(HttpHeaderNames.CONNECTION)) {
      for (String value : h.getAll(HttpHeaderNames.CONNECTION)) {
        for (String token : value.split(",")) {
          String t = token.trim();
          if (!t.isEmpty()
              && !(keepUpgrade && t.equalsIgnoreCase("upgrade"))
              && !t.equalsIgnoreCase(HttpHeaderNames.TRANSFER_ENCODING.toString())) {
            h.remove(t);
          }
        }
      }
      h.remove(HttpHeaderNames.CONNECTION);
    }
    for (AsciiString name : ALWAYS) {
      h.remove(name);
    }
    if (keepUpgrade) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    } else {
      h.remove(HttpHeaderNames.UPGRADE);
    }
    String te = h.get(HttpHeaderNames.TE);
    if (te != null && !te.trim().equalsIgnoreCase("trailers")) {
      h.remove(HttpHeaderNames.TE);
    }
  }

  /**
   * Whether a request asks to switch protocols ({@code Connection: upgrade} and {@code Upgrade}).
   */
  static boolean isUpgrade(HttpHeaders h) {
    return h.contains(HttpHeaderNames.UPGRADE)
        && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  private static final List<AsciiString> BRIDGE =
      List.of(
          AsciiString.cached("weft-orig-proto"),
          AsciiString.cached("x-http2-stream-id"),
          AsciiString.cached("x-http2-scheme"),
          AsciiString.cached("x-http2-path"),
          AsciiString.cached("x-http2-stream-promise-id"),
          AsciiString.cached("x-http2-stream-dependency-id"),
          AsciiString.cached("x-http2-stream-weight"));

  /**
   * Removes what converting between HTTP/1 and HTTP/2 adds: the mark a peer proxy sets on a
   * converted request, and the codec's {@code x-http2-*} bookkeeping headers.
   */
  static void stripBridge(HttpHeaders h) {
    for (AsciiString name : BRIDGE) {
      h.remove(name);
    }
  }
}
