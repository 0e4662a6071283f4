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

  /**
   * The same for an event: a pre-roll longer than the ring starts at its oldest keyframe instead of
   * being refused (an event must be recorded; how far back it reached is in the answer).
   */
  Future<CaptureStarted> startEvent(String captureId, long requestedStartMs, long endMs);

  /** Ends the capture now; false if it was not open. Its file closes when no capture is left. */
  Future<Boolean> stop(String captureId);

  /**
   * Where a capture starts: when its keyframe arrived, and the capture whose open file it joined
   * (null: it opened a file of its own).
   */
  record CaptureStarted(long keyframeArrivedAtMs, String joinedTo) {
    public boolean joined() {
      return joinedTo != null;
    }
  }
}
