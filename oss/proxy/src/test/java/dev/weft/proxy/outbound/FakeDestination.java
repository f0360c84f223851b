package dev.weft.proxy.outbound;

import dev.weft.api.destination.v1.Address;
import dev.weft.api.destination.v1.DestinationGrpc;
import dev.weft.api.destination.v1.Endpoint;
import dev.weft.api.destination.v1.EndpointsAdded;
import dev.weft.api.destination.v1.EndpointsRemoved;
import dev.weft.api.destination.v1.NoSuchService;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.api.destination.v1.Update;
import dev.weft.api.destination.v1.WatchRequest;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Destination server on 127.0.0.1 whose services the test sets: every change is pushed to the
 * watchers of the service at once, as the control plane does.
 */
final class FakeDestination implements AutoCloseable {
  private record State(ServicePolicy policy, List<Endpoint> endpoints) {}

  private final Map<String, State> services = new ConcurrentHashMap<>();
  private final Map<String, List<ServerCallStreamObserver<Update>>> watchers =
      new ConcurrentHashMap<>();
  final List<String> watched = new CopyOnWriteArrayList<>();
  private final Server server;

  FakeDestination() throws IOException {
    this(0);
  }

  /** A Destination server on {@code port} (0: any free one), as a restarted control plane. */
  FakeDestination(int port) throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(
                new DestinationGrpc.DestinationImplBase() {
                  @Override
                  public void watch(WatchRequest req, StreamObserver<Update> out) {
                    var call = (ServerCallStreamObserver<Update>) out;
                    watched.add(req.getName());
                    var list =
                        watchers.computeIfAbsent(req.getName(), k -> new CopyOnWriteArrayList<>());
                    call.setOnCancelHandler(() -> list.remove(call));
                    synchronized (FakeDestination.this) {
                      list.add(call);
                      sendState(req.getName(), call, List.of());
                    }
                  }
                })
            .build()
            .start();
  }

  /** Watches of {@code name} open now. */
  int activeWatches(String name) {
    return watchers.getOrDefault(name, List.of()).size();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getPort());
  }

  static Endpoint endpoint(InetSocketAddress a) {
    return Endpoint.newBuilder()
        .setAddress(Address.newBuilder().setIp("127.0.0.1").setPort(a.getPort()))
        .setReady(true)
        .build();
  }

  static List<Endpoint> endpoints(Replica... replicas) {
    List<Endpoint> out = new ArrayList<>();
    for (Replica r : replicas) {
      out.add(endpoint(r.address()).toBuilder().putMetricLabels("pod", r.name).build());
    }
    return out;
  }

  /** Sets a service (or replaces it), pushing the change to its watchers. */
  synchronized void set(String name, ServicePolicy policy, List<Endpoint> endpoints) {
    State old = services.put(name, new State(policy, List.copyOf(endpoints)));
    List<Endpoint> before = old == null ? List.of() : old.endpoints();
    for (var w : watchers.getOrDefault(name, List.of())) {
      sendState(name, w, before);
    }
  }

  /** Removes a service: its watchers hear there is no such service. */
  synchronized void remove(String name) {
    services.remove(name);
    for (var w : watchers.getOrDefault(name, List.of())) {
      sendState(name, w, List.of());
    }
  }

  private void sendState(String name, ServerCallStreamObserver<Update> w, List<Endpoint> before) {
    State s = services.get(name);
    if (s == null) {
      w.onNext(
          Update.newBuilder()
              .setNoSuchService(NoSuchService.newBuilder().setReason("no service " + name))
              .build());
      return;
    }
    w.onNext(Update.newBuilder().setPolicy(s.policy()).build());
    EndpointsRemoved.Builder removed = EndpointsRemoved.newBuilder();
    for (Endpoint e : before) {
      if (s.endpoints().stream().noneMatch(n -> n.getAddress().equals(e.getAddress()))) {
        removed.addAddresses(e.getAddress());
      }
    }
    if (removed.getAddressesCount() > 0) {
      w.onNext(Update.newBuilder().setRemove(removed).build());
    }
    w.onNext(
        Update.newBuilder()
            .setAdd(EndpointsAdded.newBuilder().addAllEndpoints(s.endpoints()))
            .build());
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
