package dev.weft.controlplane.discovery;

import dev.weft.api.destination.v1.Address;
import dev.weft.api.destination.v1.DestinationGrpc;
import dev.weft.api.destination.v1.Endpoint;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.api.destination.v1.Update;
import dev.weft.api.destination.v1.WatchRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A proxy's side of one Watch over a real channel: keeps every update received and the state they
 * add up to, as a proxy would.
 */
public final class WatchClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final List<Update> received = new ArrayList<>();
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
  private ServicePolicy policy;
  private String noSuchService;
  private Status error;
  private ClientCallStreamObserver<WatchRequest> call;

  private WatchClient(NettyChannelBuilder builder, String name, boolean manual, int window) {
    if (window > 0) {
      builder.flowControlWindow(window);
    }
    channel = builder.build();
    DestinationGrpc.newStub(channel)
        .watch(
            WatchRequest.newBuilder().setName(name).setProxyZone("zone-a").build(),
            new ClientResponseObserver<WatchRequest, Update>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<WatchRequest> stream) {
                call = stream;
                if (manual) {
                  stream.disableAutoRequestWithInitial(0);
                }
              }

              @Override
              public void onNext(Update update) {
                apply(update);
              }

              @Override
              public void onError(Throwable t) {
                synchronized (WatchClient.this) {
                  error = Status.fromThrowable(t);
                }
              }

              @Override
              public void onCompleted() {
                synchronized (WatchClient.this) {
                  error = Status.OK;
                }
              }
            });
  }

  /** Watches {@code name}, taking every message as it comes. */
  public static WatchClient watch(int port, String name) {
    return watch(plaintext(port), name);
  }

  /** Watches {@code name} over a channel of {@code builder} (TLS, say). */
  public static WatchClient watch(NettyChannelBuilder builder, String name) {
    return new WatchClient(builder, name, false, 0);
  }

  /** Watches {@code name} but reads nothing until {@link #request}; a small receive window. */
  public static WatchClient slow(int port, String name, int window) {
    return new WatchClient(plaintext(port), name, true, window);
  }

  private static NettyChannelBuilder plaintext(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
  }

  public void request(int messages) {
    call.request(messages);
  }

  public void cancel() {
    call.cancel("the test is done with it", null);
  }

  public synchronized List<Update> received() {
    return List.copyOf(received);
  }

  /** Endpoints by {@code ip:port}. */
  public synchronized Map<String, Endpoint> endpoints() {
    return Map.copyOf(endpoints);
  }

  public synchronized ServicePolicy policy() {
    return policy;
  }

  /** The reason of the last no_such_service, while the service is absent; else null. */
  public synchronized String noSuchService() {
    return noSuchService;
  }

  /** The status the call ended with, or null while it runs. */
  public synchronized Status error() {
    return error;
  }

  private synchronized void apply(Update update) {
    received.add(update);
    switch (update.getKindCase()) {
      case POLICY -> {
        policy = update.getPolicy();
        noSuchService = null;
      }
      case ADD -> {
        for (Endpoint endpoint : update.getAdd().getEndpointsList()) {
          endpoints.put(key(endpoint.getAddress()), endpoint);
        }
      }
      case REMOVE -> update.getRemove().getAddressesList().forEach(a -> endpoints.remove(key(a)));
      case NO_SUCH_SERVICE -> {
        noSuchService = update.getNoSuchService().getReason();
        policy = null;
        endpoints.clear();
      }
      default -> throw new AssertionError("an update of no kind: " + update);
    }
  }

  private static String key(Address address) {
    return address.getIp() + ":" + address.getPort();
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
