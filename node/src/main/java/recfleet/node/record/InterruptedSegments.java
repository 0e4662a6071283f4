package recfleet.node.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;

/**
 * At boot, segments that were still being written when the process died are closed as they are:
 * FLV needs no trailer to be readable, so the file goes down the pipeline instead of being lost.
 */
public final class InterruptedSegments {
  private static final Logger log = LoggerFactory.getLogger(InterruptedSegments.class);

  private InterruptedSegments() {}

  public static int recover(RecordingStore recordings, Path worksPath, java.time.ZoneId zone) {
    int recovered = 0;
    for (Recording r : recordings.interrupted()) {
      Path raw = worksPath.resolve(r.rawPath());
      long size;
      try {
        size = Files.exists(raw) ? Files.size(raw) : 0;
      } catch (IOException e) {
        size = 0;
      }
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
