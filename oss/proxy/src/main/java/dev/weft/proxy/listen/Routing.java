package dev.weft.proxy.listen;

import dev.weft.proxy.http1.Http1Forwarder;
import dev.weft.proxy.http2.H2Forwarder;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.outbound.Discovered;
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
    boolean opaque) {}
