package recfleet.node.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import recfleet.node.store.Recording;

/** The EventData every pipeline event carries about a recording: relative paths only. */
public final class RecordingFacts {
  private RecordingFacts() {}

  public static Map<String, Object> of(Recording r) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("RoomId", r.roomId());
    data.put("SessionId", r.sessionId());
    data.put("RecordingId", r.recordingId());
    data.put("RelativePath", r.rawPath());
    return data;
  }
}
