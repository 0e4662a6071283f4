package recfleet.node.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;
import recfleet.node.writer.Fmp4Repair;
import recfleet.node.writer.HlsFolder;
import recfleet.node.writer.HlsRepair;
import recfleet.node.writer.RecordFormat;

/**
 * At boot, segments that were still being written when the process died are closed as they are:
 * FLV needs no trailer to be readable, a fragmented MP4 plays up to its last whole part (a torn
 * one is trimmed), an HLS playlist up to its last whole segment (it is ended), so the recording
 * goes down the pipeline instead of being lost.
 */
public final class InterruptedSegments {
  private static final Logger log = LoggerFactory.getLogger(InterruptedSegments.class);

  private InterruptedSegments() {}

  /**
   * The file's size once it is readable: a fragmented MP4 loses a torn last part; an HLS playlist is
   * ended and the segment in progress dropped (0 when no segment was whole); FLV reads as it is.
   */
  private static long settledSize(Path raw, Recording r) {
    try {
      if (!Files.exists(raw)) return 0;
      if (HlsFolder.isPlaylist(raw)) return endedPlaylist(raw, r);
      if (!RecordFormat.isFragmented(raw)) return Files.size(raw);
      long before = Files.size(raw);
      long after = Fmp4Repair.trimToWholeParts(raw);
      if (after < before) {
        log.info("[room {}] {}: trimmed a torn last part ({} of {} bytes kept)", r.roomId(), r.rawPath(), after, before);
      }
      return after;
    } catch (IOException e) {
      log.warn("[room {}] {} cannot be read after the unclean stop: {}", r.roomId(), r.rawPath(), e.getMessage());
      return 0;
    }
  }

  private static long endedPlaylist(Path playlist, Recording r) throws IOException {
    int segments = HlsRepair.end(playlist);
    log.info("[room {}] {}: ended the playlist at its {} whole segments", r.roomId(), r.rawPath(), segments);
    return segments == 0 ? 0 : HlsFolder.sizeOf(playlist);
  }

  public static int recover(RecordingStore recordings, Path worksPath, java.time.ZoneId zone) {
    int recovered = 0;
    for (Recording r : recordings.interrupted()) {
      Path raw = worksPath.resolve(r.rawPath());
      long size = settledSize(raw, r);
      if (size > 0) {
        recordings.closeAndEnqueue(r.recordingId(), size, null, OffsetDateTime.now(zone));
        log.warn("[room {}] {} was open when the node stopped; queued as it is ({} bytes)", r.roomId(), r.rawPath(), size);
        recovered++;
      } else {
        recordings.markFailed(r.recordingId(), "segment file missing or empty after an unclean stop");
        log.warn("[room {}] {} was open when the node stopped and holds nothing", r.roomId(), r.rawPath());
      }
    }
    return recovered;
  }
}
