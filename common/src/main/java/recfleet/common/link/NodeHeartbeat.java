package recfleet.common.link;

import java.util.List;
import java.util.Objects;

/**
 * What a node tells its master every second or so: its figures and the rooms it holds. The
 * master answers with a {@link RoomSync} that echoes {@code seq}; the node's write lease runs
 * from the moment it sent that heartbeat.
 */
public record NodeHeartbeat(
    String nodeId,
    String httpAddress,
    long seq,
    long sentAtEpochMs,
    double cpuLoad,
    long heapUsedBytes,
    long heapMaxBytes,
    long diskFreeBytes,
    int activeRecordings,
    long ingressBitsPerSecond,
    int capacity,
    List<HeldRoom> rooms) implements LinkMessage {

  public NodeHeartbeat {
    Objects.requireNonNull(nodeId, "nodeId");
    if (capacity < 0) throw new IllegalArgumentException("capacity < 0");
    rooms = rooms == null ? List.of() : List.copyOf(rooms);
  }
}
