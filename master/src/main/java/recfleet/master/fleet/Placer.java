package recfleet.master.fleet;

import java.util.Collection;

/**
 * Picks the node with the most headroom for a room: the lowest share of its capacity in use, then
 * the lowest CPU load, then the most free disk, then the node id (so equal nodes fill in a fixed
 * order). A room pinned to a node or a label only goes there. One linear pass over the nodes.
 */
public final class Placer {
  private Placer() {}

  /** The chosen node, or null when no open node may take the room. */
  public static FleetNode choose(WantedRoom room, Collection<FleetNode> nodes, String excludeNodeId) {
    FleetNode best = null;
    for (FleetNode n : nodes) {
      if (!n.open() || n.nodeId.equals(excludeNodeId) || !allowed(room, n)) continue;
      if (best == null || better(n, best)) best = n;
    }
    return best;
  }

  static boolean allowed(WantedRoom room, FleetNode node) {
    if (room.pinNode() != null && !room.pinNode().equals(node.nodeId)) return false;
    return room.pinLabel() == null || node.labels.contains(room.pinLabel());
  }

  private static boolean better(FleetNode a, FleetNode b) {
    // a.assigned / a.capacity < b.assigned / b.capacity, without division (capacity may be large)
    long left = (long) a.assigned * b.capacity;
    long right = (long) b.assigned * a.capacity;
    if (left != right) return left < right;
    int cpu = Double.compare(a.cpuLoad(), b.cpuLoad());
    if (cpu != 0) return cpu < 0;
    if (a.diskFree() != b.diskFree()) return a.diskFree() > b.diskFree();
    return a.nodeId.compareTo(b.nodeId) < 0;
  }
}
