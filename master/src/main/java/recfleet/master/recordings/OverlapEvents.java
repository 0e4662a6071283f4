package recfleet.master.recordings;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;

/** The RecordingOverlap event: the room, how long two nodes wrote it at once, and their files with node and epoch. */
public final class OverlapEvents {
  private OverlapEvents() {}

  /** One event per episode: its id is made from the room, the stale node and its epoch, so a repeat is recognisable. */
  public static RecfleetEvent of(Overlaps.Episode episode) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("RoomId", episode.roomId());
    data.put("OverlapSeconds", episode.overlap().toMillis() / 1000.0);
    data.put("StaleNode", episode.staleNode());
    data.put("StaleEpoch", episode.staleEpoch());
    data.put("StaleFiles", files(episode.staleFiles()));
    data.put("CurrentFiles", files(episode.currentFiles()));
    return RecfleetEvent.once(EventType.RecordingOverlap, episode.staleNode(),
        episode.roomId() + "/" + episode.staleNode() + "/" + episode.staleEpoch(), data, ZoneId.systemDefault());
  }

  private static List<Map<String, Object>> files(List<FleetRecording> files) {
    return files.stream().map(r -> {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("NodeId", r.nodeId());
      f.put("Epoch", r.epoch());
      f.put("RecordingId", r.recordingId());
      f.put("RelativePath", r.rawPath());
      f.put("From", r.openedAt().toString());
      f.put("To", r.lastWriteAt() == null ? null : r.lastWriteAt().toString());
      return f;
    }).toList();
  }
}
