package dev.weft.proxy.listen;

import dev.weft.proxy.capture.OriginalDst;
import dev.weft.proxy.capture.OriginalDstMetrics;
import dev.weft.proxy.capture.OriginalDstMetrics.Refusal;
import dev.weft.proxy.config.Target;
import dev.weft.proxy.outbound.Discovered;
import dev.weft.proxy.outbound.OutboundTargets;
import dev.weft.proxy.outbound.Service;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A transparent listener's accept step: reads each connection's original destination (one {@code
 * getsockopt}) and gives the connection a {@link Routing} around it. Destinations are built once
 * per original address and cached, up to {@link #MAX_DESTINATIONS}; beyond that a connection gets
 * one of its own, counted under the listener's address. Thread-safe.
 */
final class Capture {
  private static final Logger LOG = Logger.getLogger(Capture.class.getName());

  /** Original destinations kept with their pools and meters (each is a target_addr value). */
  static final int MAX_DESTINATIONS = 1024;

  private final String direction;
  private final InetSocketAddress bind;
  private final OriginalDst originalDst;
  private final OriginalDstMetrics metrics;
  private final Function<Target, Listener.Destination> build;
  private final Function<Target, Listener.Destination> buildUncounted;
  private final BiFunction<Listener.Destination, InetSocketAddress, Routing> routing;
  private final Routing without;
  private final ConcurrentMap<InetSocketAddress, Listener.Destination> destinations =
      new ConcurrentHashMap<>();
  private final Map<Refusal, AtomicBoolean> logged = new EnumMap<>(Refusal.class);
  private final AtomicBoolean fullLogged = new AtomicBoolean();

  /**
   * @param build the destination of an original address, with its own meters
   * @param buildUncounted the same, counted under the listener's meters (the cache is full)
   * @param routing a connection's routing around its destination and original address
   * @param without the routing of a connection that has no original destination, when the listener
   *     can serve one (routes, discovery); null to close such connections
   */
  Capture(
      String direction,
      InetSocketAddress bind,
      OriginalDst originalDst,
      OriginalDstMetrics metrics,
      Function<Target, Listener.Destination> build,
      Function<Target, Listener.Destination> buildUncounted,
      BiFunction<Listener.Destination, InetSocketAddress, Routing> routing,
      Routing without) {
    this.direction = direction;
    this.bind = bind;
    this.originalDst = originalDst;
    this.metrics = metrics;
    this.build = build;
    this.buildUncounted = buildUncounted;
    this.routing = routing;
    this.without = without;
    for (Refusal r : Refusal.values()) {
      logged.put(r, new AtomicBoolean());
    }
  }

  /** The routing of an accepted connection, or null when it must be closed (counted, logged). */
  Routing accept(SocketChannel ch) {
    InetSocketAddress local = ch.localAddress();
    OriginalDst.Lookup lookup =
        originalDst.lookup(
            ((EpollSocketChannel) ch).fd().intValue(), local.getAddress() instanceof Inet6Address);
    metrics.lookup(lookup.result());
    if (lookup.result() != OriginalDst.Result.OK) {
      if (without != null) {
        return without;
      }
      refuse(
          lookup.result() == OriginalDst.Result.NONE ? Refusal.NONE : Refusal.ERROR,
          lookup.detail() + ", from " + ch.remoteAddress());
      return null;
    }
    InetSocketAddress dst = lookup.address();
    if (loops(dst, bind, local)) {
      refuse(Refusal.LOOP, "the original destination " + dst + " is this listener (" + local + ")");
      return null;
    }
    return routing.apply(destination(dst), dst);
  }

  /**
   * Whether forwarding to {@code dst} would come back to this listener: same port, and an address
   * the listener accepts on.
   */
  static boolean loops(InetSocketAddress dst, InetSocketAddress bind, InetSocketAddress local) {
    if (dst.getPort() != local.getPort()) {
      return false;
    }
    return bind.getAddress().isAnyLocalAddress()
        || dst.getAddress().equals(bind.getAddress())
        || dst.getAddress().equals(local.getAddress());
  }

  private Listener.Destination destination(InetSocketAddress dst) {
    Listener.Destination d = destinations.get(dst);
    if (d != null) {
      return d;
    }
    if (destinations.size() >= MAX_DESTINATIONS) {
      if (fullLogged.compareAndSet(false, true)) {
        LOG.warning(() ->
            direction
                + ": "
                + MAX_DESTINATIONS
                + " original destinations seen; further ones ("
                + dst
                + ") are counted under the listener's address");
      }
      return buildUncounted.apply(new Target(dst, null));
    }
    return destinations.computeIfAbsent(dst, a -> build.apply(new Target(a, null)));
  }

  private void refuse(Refusal reason, String detail) {
    metrics.refused(reason);
    if (logged.get(reason).compareAndSet(false, true)) {
      LOG.warning(() ->
          direction
              + ": connection closed: "
              + detail
              + " (logged once; weft_original_dst_refused_total{reason=\""
              + reason.name().toLowerCase(java.util.Locale.ROOT)
              + "\"} counts them)");
    }
  }

  /**
   * A redirected connection's discovery: its requests' authorities, and, for an authority that
   * names no service (or one discovery does not know), its original destination as a service name;
   * null without discovery.
   */
  static Discovered discovered(Discovered base, InetSocketAddress dst) {
    if (base == null) {
      return null;
    }
    String name =
        dst.getAddress() instanceof Inet6Address
            ? "[" + dst.getAddress().getHostAddress() + "]:" + dst.getPort()
            : dst.getAddress().getHostAddress() + ":" + dst.getPort();
    OutboundTargets targets = base.targets();
    Function<String, Service> byAuthority = base.services();
    return new Discovered(
        targets,
        authority -> {
          Service s = byAuthority.apply(authority);
          return s != null ? s : targets.service(name);
        },
        name);
  }

  /** From now on responses close their connections. */
  void drain() {
    destinations.values().forEach(d -> d.http1().drain());
  }
}
