package recfleet.common.event;

/** Event names, in the past tense where they can be, as BililiveRecorder's webhook v2 spells them. */
public enum EventType {
  SessionStarted,
  FileOpening,
  FileClosed,
  SessionEnded,
  StreamStarted,
  StreamEnded,
  TranscodeStarted,
  IsTranscode,
  TranscodeEnded,
  TranscodeError,
  UpStarted,
  IsUp,
  UpEnded,
  UpError,
  /** The last stage could not announce a stored recording (it is no longer in the node's database). */
  NotifyError,
  RecordingEvicted,
  RecordingDeleted,
  RoomAdded,
  RoomRemoved,
  RecordingError,
  WorkerFailed,
  WorkerRestarted,
  NodeUp,
  NodeDown,
  NodeLeft,
  NodeDrained,
  RoomAssigned,
  RoomMoved,
  RoomWaiting,
  /**
   * The master saw two nodes write one room at the same time: a node cut off from the master went
   * on recording ([LINK] when_master_lost = keep) after the room moved. Both files are named; nothing is deleted.
   */
  RecordingOverlap,
  CaptureStarted,
  CaptureEnded,
  heartbeat,
  /**
   * A type this version does not know, from a process of a newer one (read from the wire only): the
   * event is passed on with its data, and the link that carried it stays up.
   */
  @com.fasterxml.jackson.annotation.JsonEnumDefaultValue
  Unknown
}
