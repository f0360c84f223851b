package dev.weft.proxy.discovery;

import dev.weft.api.destination.v1.DestinationGrpc;
import dev.weft.api.destination.v1.Update;
import dev.weft.api.destination.v1.WatchRequest;
import dev.weft.proxy.controlplane.Backoff;
import dev.weft.proxy.controlplane.CallbackThread;
import dev.weft.proxy.controlplane.ControlPlaneChannels;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches services through the control plane's {@code Destination} API: one long-lived channel, one
 * stream per watched name. Everything the listeners hear is delivered on one thread, so each
 * listener's calls are serial.
 *
 * <p>A stream that fails is opened again with backoff (1 s doubling to 30 s). Meanwhile listeners
 * keep what they last heard: a control plane that restarts takes no endpoint away. The first answer
 * of a new stream is the service's whole state, so it replaces what was known.
 */
public final class GrpcResolver implements Resolver {
  private static final Logger LOG = Logger.getLogger(GrpcResolver.class.getName());

  private final InetSocketAddress address;
  private final String identity;
  private final String zone;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(
          1,
          Thread.ofPlatform().daemon().name("weft-discovery-io").factory(),
          NioIoHandler.newFactory());
  private final CallbackThread events = new CallbackThread("weft-discovery");
  private final ManagedChannel channel;

  /**
   * @param channels how the control plane is reached (TLS or plaintext)
   * @param identity this proxy's identity, sent for logs (may be empty)
   * @param zone this proxy's zone (may be empty)
   */
  public GrpcResolver(
      InetSocketAddress address, ControlPlaneChannels channels, String identity, String zone) {
    this.address = address;
    this.identity = identity;
    this.zone = zone;
    this.channel =
        channels
            .builder(address)
            .eventLoopGroup(group)
            .channelType(NioSocketChannel.class)
            .executor(events)
            // A proxy watches a service for hours; keepalives notice a control plane that vanished
            // without closing its connections.
            .keepAliveTime(30, TimeUnit.SECONDS)
            .keepAliveTimeout(10, TimeUnit.SECONDS)
            .keepAliveWithoutCalls(false)
            .maxInboundMessageSize(16 * 1024 * 1024)
            .build();
  }

  @Override
  public AutoCloseable watch(String name, ServiceListener listener) {
    WatchStream w = new WatchStream(name, listener);
    events.execute(w::open);
    return w;
  }

  /**
   * The channel to the control plane, for other clients of its gRPC port (fleet heartbeats) to
   * share its connection and keepalives; closed with this resolver, so they stop first.
   */
  public Channel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    // Not shutdownNow: an update already queued must reach its callback to let go of its buffers.
    events.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** One name's stream, opened again whenever it ends. Confined to the events thread. */
  private final class WatchStream implements AutoCloseable {
    private final String name;
    private final ServiceListener listener;
    private final Backoff backoff =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), ThreadLocalRandom.current());
    private final Map<InetSocketAddress, EndpointSpec> endpoints = new LinkedHashMap<>();
    private ClientCallStreamObserver<WatchRequest> call;
    private volatile boolean closed;
    private boolean fresh;
    private String lastError;

    WatchStream(String name, ServiceListener listener) {
      this.name = name;
      this.listener = listener;
    }

    void open() {
      if (closed) {
        return;
      }
      fresh = true;
      WatchRequest req =
          WatchRequest.newBuilder()
              .setName(name)
              .setProxyIdentity(identity)
              .setProxyZone(zone)
              .build();
      DestinationGrpc.newStub(channel)
          .watch(
              req,
              new ClientResponseObserver<WatchRequest, Update>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
                  call = requestStream;
                }

                @Override
                public void onNext(Update u) {
                  // After the resolver closed, an update still queued is only let go.
                  if (!closed && !events.isClosed()) {
                    apply(u);
                  }
                }

                @Override
                public void onError(Throwable t) {
                  ended(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                  ended(Status.UNAVAILABLE.withDescription("the control plane ended the watch"));
                }
              });
    }

    private void apply(Update u) {
      backoff.reset();
      lastError = null;
      // A new stream starts with the whole state: its first endpoints (or "no such service")
      // replace what the last stream left. Its policy comes first and does not count.
      boolean replace = fresh && u.getKindCase() != Update.KindCase.POLICY;
      if (replace) {
        fresh = false;
      }
      try {
        switch (u.getKindCase()) {
          case POLICY -> listener.policy(ProtoPolicies.policy(u.getPolicy()));
          case ADD -> {
            if (replace) {
              endpoints.clear();
            }
            for (var e : u.getAdd().getEndpointsList()) {
              EndpointSpec spec = ProtoPolicies.endpoint(e, u.getAdd().getMetricLabelsMap());
              endpoints.put(spec.address(), spec);
            }
            listener.endpoints(Map.copyOf(endpoints));
          }
          case REMOVE -> {
            for (var a : u.getRemove().getAddressesList()) {
              endpoints.remove(ProtoPolicies.address(a));
            }
            listener.endpoints(Map.copyOf(endpoints));
          }
          case NO_SUCH_SERVICE -> {
            endpoints.clear();
            listener.noSuchService(u.getNoSuchService().getReason());
          }
          case KIND_NOT_SET -> {}
        }
      } catch (IllegalArgumentException e) {
        // A malformed update: keep what was known and say what was wrong once.
        LOG.warning(() -> "discovery of " + name + ": update ignored: " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "discovery of " + name + ": listener failed", e);
      }
    }

    private void ended(Status status) {
      call = null;
      if (closed) {
        return;
      }
      if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
        // The name itself is wrong; asking again would get the same answer.
        listener.noSuchService(
            "the control plane refused the name " + name + ": " + status.getDescription());
        return;
      }
      Duration delay = backoff.next();
      String error = ControlPlaneChannels.describe(status);
      if (!error.equals(lastError)) {
        lastError = error;
        LOG.warning(() ->
            "discovery of "
                + name
                + " at "
                + address
                + ": "
                + error
                + "; keeping what is known and trying again in "
                + delay.toMillis()
                + " ms");
      }
      events.schedule(this::open, delay);
    }

    @Override
    public void close() {
      closed = true;
      events.execute(() -> {
        if (call != null) {
          call.cancel("no longer watched", null);
        }
      });
    }
  }
}
