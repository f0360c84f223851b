package dev.weft.controlplane.fleet;

import java.time.Instant;
import java.util.List;

/** A copy of one instance's record, taken under the inventory's lock, for a posture report. */
record InstanceView(
    String instance,
    String component,
    String identity,
    String namespace,
    Workload workload,
    Instant lastSeen,
    List<PostureSample> samples) {}
