package recfleet.node.store;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A room the node records. {@code options} are per-room overrides (JSON object). {@code epoch}
 * is set on a room held from the master (its assignment's epoch) and null on the node's own.
 * {@code optionsProblem} says why stored options could not be read (the room then runs on the
 * defaults); null when they were fine.
 */
public record RoomEntry(String roomId, String sourceUrl, String kind, Map<String, Object> options,
                        OffsetDateTime createdAt, Long epoch, String optionsProblem) {

  public RoomEntry(String roomId, String sourceUrl, String kind, Map<String, Object> options,
                   OffsetDateTime createdAt) {
    this(roomId, sourceUrl, kind, options, createdAt, null, null);
  }

  public boolean heldFromMaster() {
    return epoch != null;
  }
}
