package dev.weft.controlplane.discovery;

import dev.weft.api.destination.v1.EndpointsAdded;
import dev.weft.api.destination.v1.EndpointsRemoved;
import dev.weft.api.destination.v1.NoSuchService;
import dev.weft.api.destination.v1.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The updates that take a watcher from the state it was last sent to the current one, as the
 * Destination contract orders them: {@code policy} then {@code add} for a service that (re)appears,
 * {@code no_such_service} for one that is gone, and otherwise only what changed ({@code policy},
 * {@code remove}, {@code add}).
 *
 * <p>Because the diff is always taken against what was last sent, never against a queue of
 * intermediate states, a watcher that falls behind receives one diff to the newest state.
 */
public final class SnapshotDiff {
  private SnapshotDiff() {}

  /**
   * The first updates of a watch: the whole current state.
   *
   * @param current the service now, or null when it does not exist
   * @param absentReason why it does not exist, for the proxy's logs
   */
  public static List<Update> initial(ServiceSnapshot current, String absentReason) {
    if (current == null) {
      return List.of(noSuchService(absentReason));
    }
    return whole(current);
  }

  /**
   * The updates from {@code sent} to {@code current}, either of which may be null (absent); empty
   * when nothing a proxy sees has changed.
   */
  public static List<Update> between(
      ServiceSnapshot sent, ServiceSnapshot current, String absentReason) {
    if (sent == null) {
      return current == null ? List.of() : whole(current);
    }
    if (current == null) {
      return List.of(noSuchService(absentReason));
    }
    List<Update> updates = new ArrayList<>(3);
    if (!sent.policy().equals(current.policy())) {
      updates.add(Update.newBuilder().setPolicy(current.policy()).build());
    }
    EndpointsRemoved.Builder removed = EndpointsRemoved.newBuilder();
    for (EndpointAddress address : sent.endpoints().keySet()) {
      if (!current.endpoints().containsKey(address)) {
        removed.addAddresses(address.toProto());
      }
    }
    if (removed.getAddressesCount() > 0) {
      updates.add(Update.newBuilder().setRemove(removed).build());
    }
    // New service labels travel only with an add, so all endpoints are sent again with them.
    boolean labelsChanged = !sent.metricLabels().equals(current.metricLabels());
    EndpointsAdded.Builder added =
        EndpointsAdded.newBuilder().putAllMetricLabels(current.metricLabels());
    for (Map.Entry<EndpointAddress, ServiceEndpoint> entry : current.endpoints().entrySet()) {
      if (labelsChanged
          || !Objects.equals(sent.endpoints().get(entry.getKey()), entry.getValue())) {
        added.addEndpoints(entry.getValue().toProto());
      }
    }
    if (added.getEndpointsCount() > 0 || (labelsChanged && current.endpoints().isEmpty())) {
      updates.add(Update.newBuilder().setAdd(added).build());
    }
    return updates;
  }

  private static List<Update> whole(ServiceSnapshot current) {
    EndpointsAdded.Builder added =
        EndpointsAdded.newBuilder().putAllMetricLabels(current.metricLabels());
    for (ServiceEndpoint endpoint : current.endpoints().values()) {
      added.addEndpoints(endpoint.toProto());
    }
    return List.of(
        Update.newBuilder().setPolicy(current.policy()).build(),
        Update.newBuilder().setAdd(added).build());
  }

  private static Update noSuchService(String reason) {
    return Update.newBuilder()
        .setNoSuchService(NoSuchService.newBuilder().setReason(reason))
        .build();
  }
}
