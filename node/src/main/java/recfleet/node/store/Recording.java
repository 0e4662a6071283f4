package recfleet.node.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.OffsetDateTime;

/**
 * One recorded segment. Paths are relative: {@code rawPath} and {@code outputPath} to
 * works_path, {@code storedPath} to the storage target's root. A file sent by another recorder
 * keeps its real location in {@code sourcePath}, which is never shown; {@code rawPath} is then
 * the path the sender knows it by. {@code targetPath} is where a path rule puts it in the storage
 * (without extension; null: {@code <room>/<file>}), {@code storage} the storage it goes to (local or
 * webdav; null: the node's default).
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
    String lastError,
    @JsonIgnore String sourcePath,
    String origin,
    String coverPath,
    Long coverBytes,
    String targetPath,
    String storage) {

  /** A file this node starts to write. */
  public static Recording opening(String recordingId, String roomId, String sessionId, int seq, String baseName,
                                  String rawPath, OffsetDateTime startedAt, String targetPath, String storage) {
    return new Recording(recordingId, roomId, sessionId, seq, baseName, rawPath, RECORDING, startedAt, null, null, null,
        null, null, null, null, null, null, ORIGIN_RECORDER, null, null, targetPath, storage);
  }

  /** Recordings this node made; the others came in through a webhook. */
  public static final String ORIGIN_RECORDER = "recorder";

  public static final String RECORDING = "RECORDING";
  public static final String RECORDED = "RECORDED";
  public static final String TRANSCODED = "TRANSCODED";
  public static final String STORED = "STORED";
  public static final String FAILED = "FAILED";
  /** Deleted from the target by the storage quota or the maximum age. */
  public static final String EVICTED = "EVICTED";
}
