package recfleet.common.link;

import java.util.List;
import java.util.Objects;

/**
 * The first thing a node says on a fresh link: who it is, what it can take, and which rooms it
 * still holds (with their epochs) from before. {@code seq} numbers it in the same series as the
 * heartbeats, so the master's answer can be tied to the moment it was sent. The token authenticates the link on the clustered
 * bus, where no HTTP header carries it; {@link #toString()} never shows it.
 */
public record NodeHello(String nodeId, String token, long seq, String httpAddress, List<String> labels, int capacity,
                        String clusterMember, List<HeldRoom> rooms) implements LinkMessage {
  public NodeHello {
    Objects.requireNonNull(nodeId, "nodeId");
    labels = labels == null ? List.of() : List.copyOf(labels);
    rooms = rooms == null ? List.of() : List.copyOf(rooms);
  }

  /** The same hello with the token removed, for anything that is kept or shown. */
  public NodeHello withoutToken() {
    return new NodeHello(nodeId, null, seq, httpAddress, labels, capacity, clusterMember, rooms);
  }

  @Override
  public String toString() {
    return "NodeHello[nodeId=" + nodeId + ", httpAddress=" + httpAddress + ", labels=" + labels + ", capacity="
        + capacity + ", rooms=" + rooms.size() + "]";
  }
}
