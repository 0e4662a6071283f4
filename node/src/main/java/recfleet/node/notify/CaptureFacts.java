package recfleet.node.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import recfleet.node.store.Capture;

/** The EventData of CaptureStarted and CaptureEnded: the capture, when it starts and ends, and its files' ids. */
public final class CaptureFacts {
  private CaptureFacts() {}

  public static Map<String, Object> of(Capture c, List<String> files) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("RoomId", c.roomId());
    data.put("RecordingId", c.captureId());
    data.put("Kind", c.kind());
    data.put("RequestedStart", String.valueOf(c.requestedStart()));
    data.put("StartTime", String.valueOf(c.startedAt()));
    if (c.endsAt() != null) data.put("EndsAt", String.valueOf(c.endsAt()));
    if (c.stopReason() != null) data.put("StopReason", c.stopReason());
    data.put("RecordingIds", files);
    return data;
  }
}
