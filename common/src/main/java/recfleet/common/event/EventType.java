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
  heartbeat
}
