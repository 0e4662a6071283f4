package recfleet.master.recordings;

import java.time.Instant;
import java.util.List;

/**
 * One recording of the fleet as the master knows it from its node's events: who wrote it, under
 * which assignment epoch (null for a node's own room or a webhook sender's file), over which
 * span of time, and where it is stored once uploaded.
 */
public record FleetRecording(String recordingId, String nodeId, String roomId, Long epoch, String state,
                             String rawPath, Instant openedAt, Instant lastWriteAt, String storedPath, Long fileSize,
                             Long durationMs, String coverPath) {
  public static final String WRITING = "WRITING";
  public static final String CLOSED = "CLOSED";
  public static final String STORED = "STORED";
  public static final String EVICTED = "EVICTED";
  /** States only move forward: a late or repeated event never takes a recording back. */
  private static final List<String> ORDER = List.of(WRITING, CLOSED, STORED, EVICTED);

  /** The later of two states. */
  static String later(String a, String b) {
    if (a == null) return b;
    return ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a;
  }

  /** When the last packet went in; a file still being written runs to {@code now}. */
  public Instant writtenUntil(Instant now) {
    return lastWriteAt != null ? lastWriteAt : now;
  }
}
