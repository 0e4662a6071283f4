package recfleet.node.api;

import recfleet.common.SourceSpec;
import java.util.Map;
import recfleet.node.record.RecordingBoard;
import recfleet.node.store.RoomEntry;

/**
 * A room as the API shows it: the source with any credentials removed, and what it is doing now.
 * It carries every field a fleet master's room has ({@code nodeId}, {@code epoch}, {@code pinNode},
 * {@code pinLabel}), so a client reads one box and a fleet alike.
 */
record RoomView(String roomId, String source, String kind, Map<String, Object> options, String createdAt,
                String state, String sessionId, String currentFile, String problem, String optionsProblem,
                String nodeId, Long epoch, String pinNode, String pinLabel) {

  static RoomView of(RoomEntry room, RecordingBoard board, String nodeId) {
    var live = board.stateOf(room.roomId());
    // a room recorded here is pinned to nothing: this node is where it is
    return new RoomView(room.roomId(), SourceSpec.redact(room.sourceUrl()), room.kind(), room.options(),
        room.createdAt().toString(), live.state(), live.sessionId(), live.currentFile(), live.problem(),
        room.optionsProblem(), nodeId, room.epoch(), null, null);
  }
}
