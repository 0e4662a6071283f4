package recfleet.common.link;

import java.util.Map;
import java.util.Objects;

/**
 * One room the master wants a node to record. The epoch grows every time the room is placed,
 * so a node holding an older epoch knows the room has moved on without it.
 */
public record Assignment(String roomId, long epoch, String source, Map<String, Object> options) {
  public Assignment {
    Objects.requireNonNull(roomId, "roomId");
    Objects.requireNonNull(source, "source");
    options = options == null ? Map.of() : Map.copyOf(options);
  }
}
