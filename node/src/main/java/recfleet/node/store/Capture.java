package recfleet.node.store;

import java.time.OffsetDateTime;

/**
 * What an on-demand room was asked to record, and what became of it: {@code startedAt} is when the
 * buffered keyframe it starts at arrived (at or before {@code requestedStart}); {@code endsAt} null
 * means until stopped; {@code stopReason} says why it ended. {@code labels} name it (a task's name,
 * an event's name, description and level); {@code fileBase} is the name its first file takes (null:
 * the room's usual names); {@code joinedTo} is the capture whose file it joined (null: it opened its
 * own); {@code num} is the number Monibuca's clients know it by; {@code filesDeletedAt} is when its file
 * was deleted on request (null: it was not). A camera task waiting for its camera's first picture is
 * {@link #STARTING}, with no {@code startedAt}.
 */
public record Capture(String captureId, String roomId, String kind, String state, OffsetDateTime requestedStart,
                      OffsetDateTime startedAt, OffsetDateTime endsAt, OffsetDateTime endedAt, String stopReason,
                      OffsetDateTime createdAt, Labels labels, String fileBase, String joinedTo, Long num,
                      OffsetDateTime filesDeletedAt) {
  public static final String PRECISE = "PRECISE";
  /** camera.py's task: its name is the task_name. */
  public static final String TASK = "TASK";
  /** An event (Monibuca's event/start), with a pre-roll and a post-roll. */
  public static final String EVENT = "EVENT";
  /** Monibuca's start/stop on a stream: until stopped. */
  public static final String ON_DEMAND = "ON_DEMAND";

  /** A camera task whose camera sends no picture yet: it begins with the first keyframe. */
  public static final String STARTING = "STARTING";
  public static final String RECORDING = "RECORDING";
  public static final String ENDED = "ENDED";

  public static final String BY_DURATION = "duration";
  public static final String BY_REQUEST = "manual";
  public static final String BY_RESTART = "restart";
  public static final String BY_ROOM_STOP = "room_stopped";
  /** The room refused to begin it, or did not answer: nothing was recorded. */
  public static final String BY_FAILURE = "failed";
  /** An event on a room that records continuously: a catalog entry over its files, no file of its own. */
  public static final String ON_CONTINUOUS = "continuous";

  /** A capture's names: a task's {@code name}; an event's name, {@code description} and {@code level}. */
  public record Labels(String name, String description, String level) {
    public static final Labels NONE = new Labels(null, null, null);

    public static Labels named(String name) {
      return new Labels(name, null, null);
    }
  }

  /** A capture as it starts (recording), before the database gives it its number. */
  public static Capture started(String captureId, String roomId, String kind, OffsetDateTime requestedStart,
                                OffsetDateTime startedAt, OffsetDateTime endsAt, Labels labels, String fileBase,
                                String joinedTo) {
    return new Capture(captureId, roomId, kind, RECORDING, requestedStart, startedAt, endsAt, null, null, null, labels,
        fileBase, joinedTo, null, null);
  }

  /** A camera task asked for now ({@code requestedStart}), waiting for its camera to begin it. */
  public static Capture waiting(String captureId, String roomId, OffsetDateTime requestedStart, Labels labels) {
    return new Capture(captureId, roomId, TASK, STARTING, requestedStart, null, null, null, null, null, labels, null,
        null, null, null);
  }

  /** Still to end: waiting for its camera, or recording. */
  public boolean open() {
    return STARTING.equals(state) || RECORDING.equals(state);
  }

  public String name() {
    return labels.name();
  }
}
