package recfleet.common.link;

import java.util.Objects;

/** What a node tells its master every few seconds: who it is and how loaded it is. */
public record NodeHeartbeat(
    String nodeId,
    String httpAddress,
    long sentAtEpochMs,
    double cpuLoad,
    long heapUsedBytes,
    long heapMaxBytes,
    long diskFreeBytes,
    int activeRecordings,
    int capacity) {

  public NodeHeartbeat {
    Objects.requireNonNull(nodeId, "nodeId");
    if (capacity < 0) throw new IllegalArgumentException("capacity < 0");
  }
}
