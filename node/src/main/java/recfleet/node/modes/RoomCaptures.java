package recfleet.node.modes;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The on-demand rooms this node is connected to, by room: where a capture request goes. */
public final class RoomCaptures {
  private final Map<String, Capturer> rooms = new ConcurrentHashMap<>();

  public void put(String roomId, Capturer capturer) {
    rooms.put(roomId, capturer);
  }

  public void remove(String roomId, Capturer capturer) {
    rooms.remove(roomId, capturer);
  }

  public Optional<Capturer> get(String roomId) {
    return Optional.ofNullable(rooms.get(roomId));
  }
}
