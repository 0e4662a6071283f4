package recfleet.master.fleet;

import java.util.List;
import java.util.Map;
import recfleet.common.link.HeldRoom;
import recfleet.common.link.NodeHeartbeat;

/**
 * What the master knows of one node. Mutable, and only touched on the master's event loop.
 * {@code assigned} counts the rooms placed on it, kept in step by {@link Fleet}.
 */
public final class FleetNode {
  final String nodeId;
  String linkMode;
  String httpAddress;
  List<String> labels = List.of();
  int capacity;
  String clusterMember;
  NodeState state = NodeState.UP;
  boolean drained;
  long lastSeenMs;
  long stateSinceMs;
  long lastSeq = -1;
  NodeHeartbeat figures;
  Map<String, HeldRoom> held = Map.of();
  int assigned;

  FleetNode(String nodeId) {
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  public String linkMode() {
    return linkMode;
  }

  public String httpAddress() {
    return httpAddress;
  }

  public List<String> labels() {
    return labels;
  }

  public int capacity() {
    return capacity;
  }

  public NodeState state() {
    return state;
  }

  public boolean drained() {
    return drained;
  }

  public long lastSeenMs() {
    return lastSeenMs;
  }

  public NodeHeartbeat figures() {
    return figures;
  }

  public int assigned() {
    return assigned;
  }

  /** Takes new rooms: up, not drained, below capacity. */
  boolean open() {
    return state == NodeState.UP && !drained && assigned < capacity;
  }

  double cpuLoad() {
    return figures == null || figures.cpuLoad() < 0 ? 0 : figures.cpuLoad();
  }

  long diskFree() {
    return figures == null ? 0 : figures.diskFreeBytes();
  }
}
