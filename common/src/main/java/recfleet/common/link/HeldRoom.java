package recfleet.common.link;

import java.util.Objects;

/**
 * A room a node holds from its master, with the epoch of the assignment it was given and
 * whether media is being written for it right now.
 */
public record HeldRoom(String roomId, long epoch, boolean recording) {
  public HeldRoom {
    Objects.requireNonNull(roomId, "roomId");
  }
}
