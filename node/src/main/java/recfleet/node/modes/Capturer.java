package recfleet.node.modes;

import io.vertx.core.Future;

/**
 * A room that records on demand, as the capture routes see it: it holds its source's connection and
 * its GOP ring, and writes only while a capture asks. Both calls run on the room's own loop.
 */
public interface Capturer {
  /**
   * Writes from the buffered keyframe that arrived at or before {@code requestedStartMs} (wall clock)
   * until {@code endMs} ({@link CaptureWindow#OPEN_ENDED}: until stopped); a capture while another is
   * open joins its file. Fails with an {@link recfleet.common.ApiError} that says why not: nothing
   * buffered yet, or a start older than the ring. {@code fileBase}: the name the first file takes
   * (null: the room's usual names).
   */
  Future<CaptureStarted> start(String captureId, long requestedStartMs, long endMs, String fileBase);

  /** Ends the capture now; false if it was not open. Its file closes when no capture is left. */
  Future<Boolean> stop(String captureId);

  /** Where a capture starts: when its keyframe arrived, and whether it joined a file already open. */
  record CaptureStarted(long keyframeArrivedAtMs, boolean joined) {}
}
