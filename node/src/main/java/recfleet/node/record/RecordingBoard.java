package recfleet.node.record;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What each running recording task is doing right now; read by the API and the heartbeat. */
public final class RecordingBoard {
  public record LiveState(String state, String sessionId, String currentFile) {}

  private final Map<String, LiveState> rooms = new ConcurrentHashMap<>();

  void recording(String roomId, String sessionId, String file) {
    rooms.put(roomId, new LiveState("RECORDING", sessionId, file));
  }

  void waiting(String roomId) {
    rooms.put(roomId, new LiveState("WAITING", null, null));
  }

  void gone(String roomId) {
    rooms.remove(roomId);
  }

  public LiveState stateOf(String roomId) {
    return rooms.getOrDefault(roomId, new LiveState("STOPPED", null, null));
  }

  public int activeRecordings() {
    return (int) rooms.values().stream().filter(s -> s.state().equals("RECORDING")).count();
  }
}
