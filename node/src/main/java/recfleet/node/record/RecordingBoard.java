package recfleet.node.record;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What each running recording task is doing right now; read by the API and the heartbeat. */
public final class RecordingBoard {
  public record LiveState(String state, String sessionId, String currentFile) {}

  private final Map<String, LiveState> rooms = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder ingressBytes = new java.util.concurrent.atomic.LongAdder();

  void addIngress(int bytes) {
    ingressBytes.add(bytes);
  }

  /** Media bytes written since the node started; the heartbeat turns it into a rate. */
  public long ingressBytes() {
    return ingressBytes.sum();
  }

  public boolean isRecording(String roomId) {
    LiveState s = rooms.get(roomId);
    return s != null && s.state().equals("RECORDING");
  }

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
