package recfleet.master.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A room the master must keep recorded, and where it may go (a pinned node or label, or anywhere). */
public record WantedRoom(String roomId, String source, Map<String, Object> options, String pinNode, String pinLabel,
                         Instant createdAt) {
  public WantedRoom {
    Objects.requireNonNull(roomId, "roomId");
    Objects.requireNonNull(source, "source");
    options = options == null ? Map.of() : Map.copyOf(options);
  }
}
