package recfleet.node.record;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What each running recording task is doing right now; read by the API and the heartbeat. */
public final class RecordingBoard {
  /** {@code problem}: why a BLOCKED room cannot record here; null otherwise. */
  public record LiveState(String state, String sessionId, String currentFile, String problem) {}

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
    rooms.put(roomId, new LiveState("RECORDING", sessionId, file, null));
  }

  void waiting(String roomId) {
    rooms.put(roomId, new LiveState("WAITING", null, null, null));
  }

  /** The room cannot record on this node until something outside it changes (a library installed). */
  void blocked(String roomId, String problem) {
    rooms.put(roomId, new LiveState("BLOCKED", null, null, problem));
  }

  /** The room is outside its schedule's windows: no task, no connection to its source, until the next one. */
  public void offSchedule(String roomId) {
    rooms.put(roomId, new LiveState("SCHEDULED", null, null, "outside its recording windows (options.schedule)"));
  }

  void gone(String roomId) {
    rooms.remove(roomId);
  }

  public LiveState stateOf(String roomId) {
    return rooms.getOrDefault(roomId, new LiveState("STOPPED", null, null, null));
  }

  public int activeRecordings() {
    return (int) rooms.values().stream().filter(s -> s.state().equals("RECORDING")).count();
  }
}
