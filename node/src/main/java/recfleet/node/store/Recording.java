package recfleet.node.store;

import java.time.OffsetDateTime;

/**
 * One recorded segment. Paths are relative: {@code rawPath} and {@code outputPath} to
 * works_path, {@code storedPath} to the storage target's root.
 */
public record Recording(
    String recordingId,
    String roomId,
    String sessionId,
    int seq,
    String baseName,
    String rawPath,
    String state,
    OffsetDateTime startedAt,
    OffsetDateTime endedAt,
    Long rawBytes,
    Long durationMs,
    String outputPath,
    Long outputBytes,
    String storedPath,
    Long storedBytes,
    String lastError) {

  public static final String RECORDING = "RECORDING";
  public static final String RECORDED = "RECORDED";
  public static final String TRANSCODED = "TRANSCODED";
  public static final String STORED = "STORED";
  public static final String FAILED = "FAILED";
}
