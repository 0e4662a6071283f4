package recfleet.master.fleet;

import java.util.List;

/** Builds the fleet's mutable model objects from stored rows (the store lives in another package). */
public final class FleetRows {
  private FleetRows() {}

  public static FleetNode node(String nodeId, String linkMode, String httpAddress, List<String> labels, int capacity,
                               boolean drained, String state) {
    FleetNode n = new FleetNode(nodeId);
    n.linkMode = linkMode;
    n.httpAddress = httpAddress;
    n.labels = List.copyOf(labels);
    n.capacity = capacity;
    n.drained = drained;
    n.state = NodeState.valueOf(state);
    return n;
  }

  public static Placement placement(String roomId, String nodeId, long epoch, long assignedAtMs) {
    return new Placement(roomId, nodeId, epoch, assignedAtMs);
  }
}
