package recfleet.node.store;

import java.time.OffsetDateTime;

/**
 * What an on-demand room was asked to record, and what became of it: {@code startedAt} is when the
 * buffered keyframe it starts at arrived (at or before {@code requestedStart}); {@code endsAt} null
 * means until stopped; {@code stopReason} says why it ended; {@code name} is a task's name and
 * {@code fileBase} the name its first file takes (null: the room's usual file names).
 */
public record Capture(String captureId, String roomId, String kind, String state, OffsetDateTime requestedStart,
                      OffsetDateTime startedAt, OffsetDateTime endsAt, OffsetDateTime endedAt, String stopReason,
                      OffsetDateTime createdAt, String name, String fileBase) {
  public static final String PRECISE = "PRECISE";
  /** camera.py's task: {@code name} is its task_name. */
  public static final String TASK = "TASK";
  public static final String RECORDING = "RECORDING";
  public static final String ENDED = "ENDED";

  public static final String BY_DURATION = "duration";
  public static final String BY_REQUEST = "manual";
  public static final String BY_RESTART = "restart";
  public static final String BY_ROOM_STOP = "room_stopped";
}
