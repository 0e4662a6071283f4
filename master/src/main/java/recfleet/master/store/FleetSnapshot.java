package recfleet.master.store;

import java.util.List;
import recfleet.common.event.RecfleetEvent;
import recfleet.master.fleet.FleetNode;
import recfleet.master.fleet.Placement;
import recfleet.master.fleet.WantedRoom;

/**
 * The rows one fleet change touched, copied on the event loop so a worker can store them while
 * the fleet moves on. Values are immutable or copied; nothing here is shared with the live model.
 */
public record FleetSnapshot(List<WantedRoom> roomsToSave, List<String> roomsToDelete,
                            List<PlacementRow> placementsToSave, List<String> placementsToDelete,
                            List<NodeRow> nodes, long lastEpoch, List<RecfleetEvent> events) {

  public record PlacementRow(String roomId, String nodeId, long epoch, long assignedAtMs) {
    public static PlacementRow of(Placement p) {
      return new PlacementRow(p.roomId(), p.nodeId(), p.epoch(), p.assignedAtMs());
    }
  }

  public record NodeRow(String nodeId, String linkMode, String httpAddress, List<String> labels, int capacity,
                        boolean drained, String state, long lastSeenMs) {
    public static NodeRow of(FleetNode n) {
      return new NodeRow(n.nodeId(), n.linkMode() == null ? "unknown" : n.linkMode(), n.httpAddress(),
          n.labels(), n.capacity(), n.drained(), n.state().name(), n.lastSeenMs());
    }
  }
}
