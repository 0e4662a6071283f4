package recfleet.node.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * When a sender's file may be worked on: once it has not changed for {@code quiet}. A sender calls
 * as soon as it closed the file (BililiveRecorder's FileClosed, SRS's on_dvr, ZLMediaKit's
 * on_record_mp4), so the file is taken in at once and its job waits here instead; a file still
 * changing {@code limit} after it was taken in is given up and reported.
 */
public record Settling(Duration quiet, Duration limit, Clock clock) {
  /** Zero once the file has settled, else how long to wait before looking again. Blocking. */
  public Duration waitFor(Path file) throws IOException {
    long sinceChange = clock.millis() - Files.getLastModifiedTime(file).toMillis();
    if (sinceChange >= quiet.toMillis()) return Duration.ZERO;
    // a modification time in the future (another clock) waits one whole quiet period at most
    return Duration.ofMillis(Math.min(quiet.toMillis(), quiet.toMillis() - sinceChange) + 50);
  }

  /** True when a file taken in at {@code takenIn} has been changing for longer than allowed. */
  public boolean overdue(OffsetDateTime takenIn) {
    return clock.millis() - takenIn.toInstant().toEpochMilli() > limit.toMillis();
  }
}
