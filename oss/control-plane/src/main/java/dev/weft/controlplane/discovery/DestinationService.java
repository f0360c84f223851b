package dev.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import dev.weft.api.destination.v1.DestinationGrpc;
import dev.weft.api.destination.v1.Update;
import dev.weft.api.destination.v1.WatchRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * The Destination gRPC service: streams a service's state from the {@link DiscoveryIndex} to a
 * proxy, one {@link WatchStream} per call.
 */
public final class DestinationService extends DestinationGrpc.DestinationImplBase {
  private static final Logger LOG = Logger.getLogger(DestinationService.class);

  private final DiscoveryIndex index;
  private final DefaultBalancers balancers;
  private final DiscoveryMetrics metrics;
  private final Executor executor;

  /**
   * @param executor runs sends that a source's change triggers, off the source's thread; a
   *     virtual-thread executor suits it
   */
  public DestinationService(DiscoveryIndex index, DiscoveryMetrics metrics, Executor executor) {
    this(index, new DefaultBalancers(index), metrics, executor);
  }

  /**
   * @param balancers the default balancer an extension chooses for policies that name none
   * @param executor runs sends that a source's change triggers, off the source's thread
   */
  public DestinationService(
      DiscoveryIndex index,
      DefaultBalancers balancers,
      DiscoveryMetrics metrics,
      Executor executor) {
    this.index = requireNonNull(index, "index");
    this.balancers = requireNonNull(balancers, "balancers");
    this.metrics = requireNonNull(metrics, "metrics");
    this.executor = requireNonNull(executor, "executor");
  }

  @Override
  public void watch(WatchRequest request, StreamObserver<Update> responses) {
    ServiceName name;
    try {
      name = ServiceName.parse(request.getName());
    } catch (IllegalArgumentException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    if (!index.synced()) {
      responses.onError(
          Status.UNAVAILABLE
              .withDescription("discovery has not loaded its sources yet; retry")
              .asRuntimeException());
      return;
    }
    LOG.debugf(
        "Watch %s from %s (zone %s)", name, request.getProxyIdentity(), request.getProxyZone());
    new WatchStream(
            name, index, balancers, (ServerCallStreamObserver<Update>) responses, metrics, executor)
        .start();
  }
}
