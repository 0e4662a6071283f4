package recfleet.common.link;

import java.util.List;
import java.util.Objects;

/**
 * The master's whole wish for one node: exactly these rooms, at these epochs. The node stops
 * whatever it holds that is not in the list before it takes the lease, which lets it write for
 * {@code leaseMs} from the moment it sent heartbeat {@code ackSeq}. Sent in answer to every
 * heartbeat and at once after a change, so it is both the command and the keep-alive.
 */
public record RoomSync(String nodeId, long ackSeq, long leaseMs, List<Assignment> rooms) implements LinkMessage {
  public RoomSync {
    Objects.requireNonNull(nodeId, "nodeId");
    rooms = rooms == null ? List.of() : List.copyOf(rooms);
  }
}
