package dev.weft.proxy.errors;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * Why the proxy answered a request itself instead of the upstream. Each kind says which HTTP status
 * and gRPC status it maps to; {@link ErrorResponses} turns it into a response in one place.
 *
 * @param kind the classified cause
 * @param detail what happened, in words, for the {@code weft-proxy-error} header
 */
public record ProxyError(Kind kind, String detail) {
  /** The classified causes. */
  public enum Kind {
    /** The upstream refused or reset the connection attempt. */
    CONNECT_FAILED(HttpResponseStatus.BAD_GATEWAY, 14),
    /** The connection attempt did not finish within the connect timeout. */
    CONNECT_TIMEOUT(HttpResponseStatus.SERVICE_UNAVAILABLE, 14),
    /** The upstream closed or reset the connection or stream before answering. */
    UPSTREAM_CLOSED(HttpResponseStatus.BAD_GATEWAY, 14),
    /** The upstream answered something that is not HTTP. */
    UPSTREAM_MALFORMED(HttpResponseStatus.BAD_GATEWAY, 13),
    /** The proxy is shutting down and takes no new requests. */
    DRAINING(HttpResponseStatus.SERVICE_UNAVAILABLE, 14),
    /** No route matches the request's authority, and there is no default target. */
    NO_ROUTE(HttpResponseStatus.NOT_FOUND, 12),
    /** The service has no endpoint to send to (none discovered, or all ejected). */
    NO_ENDPOINTS(HttpResponseStatus.SERVICE_UNAVAILABLE, 14),
    /** The route's request, response or per-try timeout expired; the upstream was cancelled. */
    TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, 4),
    /** The client sent a request the proxy cannot parse. */
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, 13);

    private final HttpResponseStatus status;
    private final int grpcStatus;

    Kind(HttpResponseStatus status, int grpcStatus) {
      this.status = status;
      this.grpcStatus = grpcStatus;
    }

    public HttpResponseStatus status() {
      return status;
    }

    public int grpcStatus() {
      return grpcStatus;
    }
  }

  public ProxyError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  /** Classifies a failed upstream connection attempt to {@code target}. */
  public static ProxyError connectFailed(Throwable cause, String target) {
    if (cause instanceof ConnectTimeoutException) {
      return new ProxyError(Kind.CONNECT_TIMEOUT, "connect to " + target + " timed out");
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      String m = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
      String why =
          m.contains("refused")
              ? "connection refused"
              : m.contains("route") ? "no route to host" : "connect failed";
      return new ProxyError(Kind.CONNECT_FAILED, why + " (" + target + ")");
    }
    return new ProxyError(Kind.CONNECT_FAILED, "connect failed (" + target + "): " + cause);
  }

  /**
   * The header value: the kind in lower case and the detail. The detail may quote bytes a client
   * sent, and a header value may hold only visible ASCII and spaces, so anything else is escaped.
   */
  public String headerValue() {
    String v = kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + ": " + detail;
    StringBuilder out = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format(Locale.ROOT, c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c));
      }
    }
    return out.toString();
  }
}
