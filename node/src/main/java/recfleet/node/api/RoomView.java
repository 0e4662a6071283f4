package recfleet.node.api;

import recfleet.common.SourceSpec;
import java.util.Map;
import recfleet.node.record.RecordingBoard;
import recfleet.node.store.RoomEntry;

/** A room as the API shows it: the source with any credentials removed, and what it is doing now. */
record RoomView(String roomId, String source, String kind, Map<String, Object> options, String createdAt,
                String state, String sessionId, String currentFile, String problem, String optionsProblem) {

  static RoomView of(RoomEntry room, RecordingBoard board) {
    var live = board.stateOf(room.roomId());
    return new RoomView(room.roomId(), SourceSpec.redact(room.sourceUrl()), room.kind(), room.options(),
        room.createdAt().toString(), live.state(), live.sessionId(), live.currentFile(), live.problem(),
        room.optionsProblem());
  }
}
