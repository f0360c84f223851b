package dev.weft.proxy.listen;

import dev.weft.proxy.http1.Http1Forwarder;
import dev.weft.proxy.http2.H2Forwarder;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.outbound.Discovered;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where one connection's traffic goes, whatever protocol it turns out to speak: a listener with a
 * forward target has one for all its connections; a transparent listener makes one per connection,
 * around that connection's original destination. Immutable.
 *
 * @param fallback where opaque TCP and requests no route or service takes go, or null for nowhere
 * @param metrics the connection's meters (before it is known to be mTLS)
 * @param http1 an HTTP/1 request's fixed target by its {@code Host}; null when none
 * @param http2 an HTTP/2 stream's fixed target by its {@code :authority}; null when none
 * @param discovered where requests no fixed target takes go through discovery, or null
 * @param opaque whether the connection is relayed as TCP without detection (an opaque port)
 */
record Routing(
    Listener.Destination fallback,
    TargetMetrics metrics,
    Function<String, Http1Forwarder> http1,
    Function<CharSequence, H2Forwarder> http2,
    Discovered discovered,
    boolean opaque) {

  /**
   * The routing of connections whose fallback is {@code fallback}: requests go to their route (in
   * {@code routes}, by authority), else (with discovery) to the service their authority names, else
   * to the fallback.
   */
  static Routing of(
      Listener.Destination fallback,
      TargetMetrics metrics,
      Discovered discovered,
      boolean opaque,
      Map<String, Listener.Destination> routes) {
    Listener.Destination plainFallback = discovered == null ? fallback : null;
    Function<String, Http1Forwarder> http1Router =
        routes.isEmpty()
            ? authority -> plainFallback == null ? null : plainFallback.http1()
            : authority -> {
              Listener.Destination d = route(routes, authority, fallback);
              return d == null || d == fallback && discovered != null ? null : d.http1();
            };
    Function<CharSequence, H2Forwarder> http2Router =
        routes.isEmpty()
            ? authority -> plainFallback == null ? null : plainFallback.http2()
            : authority -> {
              Listener.Destination d =
                  route(routes, authority == null ? "" : authority.toString(), fallback);
              return d == null || d == fallback && discovered != null ? null : d.http2();
            };
    return new Routing(fallback, metrics, http1Router, http2Router, discovered, opaque);
  }

  /** The destination of an authority: its route (by host:port, then host), else the fallback. */
  private static Listener.Destination route(
      Map<String, Listener.Destination> routes, String authority, Listener.Destination fallback) {
    if (authority.isEmpty()) {
      return fallback;
    }
    String a = authority.toLowerCase(Locale.ROOT);
    Listener.Destination d = routes.get(a);
    if (d == null) {
      int colon = a.lastIndexOf(':');
      if (colon > 0 && a.indexOf(']', colon) < 0) {
        d = routes.get(a.substring(0, colon));
      }
    }
    return d != null ? d : fallback;
  }
}
