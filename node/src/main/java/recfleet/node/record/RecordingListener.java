package recfleet.node.record;

/** What a {@link RoomRecorder} reports, from its own thread. Implementations may block briefly (JDBC). */
public interface RecordingListener {
  void sessionStarted(String sessionId);

  void segmentOpened(Segment segment);

  void segmentClosed(Segment segment, long bytes, long durationMs);

  void sessionEnded(String sessionId);

  /** The source could not be opened or dropped; the recorder will try again in {@code retryInMs}. */
  void sourceFailed(String reason, long retryInMs);
}
