package recfleet.node.record;

/** What a {@link RoomRecorder} reports, from its own thread. Implementations may block briefly (JDBC). */
public interface RecordingListener {
  void sessionStarted(String sessionId);

  void segmentOpened(Segment segment);

  /** The segment is closed; {@code lastWriteAtMs} is when its last packet was written (wall clock). */
  void segmentClosed(Segment segment, long bytes, long durationMs, long lastWriteAtMs);

  /** Media bytes were written (for the node's ingress rate). Called per packet: keep it cheap. */
  default void mediaWritten(int bytes) {
  }

  void sessionEnded(String sessionId);

  /** The source could not be opened or dropped; the recorder will try again in {@code retryInMs}. */
  void sourceFailed(String reason, long retryInMs);

  /** The source cannot be recorded on this node at all (a native library is missing): no retry. */
  void sourceBlocked(String reason);

  /** An on-demand room's capture is over ({@code reason}: its duration ran out, a stop, the room stopped). */
  default void captureEnded(String captureId, String reason) {
  }
}
