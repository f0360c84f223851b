package dev.weft.hazl.zones;

import dev.weft.api.destination.v1.Address;
import dev.weft.api.destination.v1.DestinationGrpc;
import dev.weft.api.destination.v1.Endpoint;
import dev.weft.api.destination.v1.EndpointsAdded;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.api.destination.v1.Update;
import dev.weft.api.destination.v1.WatchRequest;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Destination server on 127.0.0.1 that answers every Watch with one service: the given endpoints,
 * each with its zone, and a policy naming the balancer (as the control plane does when a cluster
 * turns HAZL on). Endpoints never change: a stopped endpoint stays listed, as a pod that just died
 * does until Kubernetes notices, so the proxy itself must route around it.
 */
final class ZoneDestination implements AutoCloseable {
  private final Server server;

  ZoneDestination(List<ZoneBackend> backends, String balancer, Map<String, String> config)
      throws IOException {
    ServicePolicy.Builder policy = ServicePolicy.newBuilder().setSource("test");
    if (!balancer.isEmpty()) {
      policy.setBalancer(balancer).putAllBalancerConfig(config);
    }
    EndpointsAdded.Builder added = EndpointsAdded.newBuilder();
    for (ZoneBackend b : backends) {
      added.addEndpoints(
          Endpoint.newBuilder()
              .setAddress(Address.newBuilder().setIp("127.0.0.1").setPort(b.address().getPort()))
              .setZone(b.zone)
              .setReady(true)
              .putMetricLabels("pod", b.name));
    }
    Update policyUpdate = Update.newBuilder().setPolicy(policy).build();
    Update endpointsUpdate = Update.newBuilder().setAdd(added).build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new DestinationGrpc.DestinationImplBase() {
                  @Override
                  public void watch(WatchRequest req, StreamObserver<Update> out) {
                    out.onNext(policyUpdate);
                    out.onNext(endpointsUpdate);
                  }
                })
            .build()
            .start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getPort());
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
