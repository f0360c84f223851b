package dev.weft.controlplane.discovery;

import dev.weft.controlplane.GrpcServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A Destination server on 127.0.0.1 over an index, for the sources' end-to-end tests. */
public final class DestinationTestServer implements AutoCloseable {
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final GrpcServer server;
  private final List<WatchClient> clients = new ArrayList<>();

  public DestinationTestServer(DiscoveryIndex index) {
    this(index, new DefaultBalancers(index));
  }

  /** A server whose answers carry the default balancers {@code balancers} choose. */
  public DestinationTestServer(DiscoveryIndex index, DefaultBalancers balancers) {
    server =
        GrpcServer.start(
            "127.0.0.1",
            0,
            new DestinationService(
                index,
                balancers,
                new DiscoveryMetrics(new SimpleMeterRegistry(), index, () -> 0),
                executor));
  }

  /** A watch closed with the server. */
  public WatchClient watch(String name) {
    WatchClient client = WatchClient.watch(server.port(), name);
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    for (WatchClient client : clients) {
      client.close();
    }
    server.close();
    executor.shutdownNow();
  }
}
