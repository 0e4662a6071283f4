package recfleet.node.record;

import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * One open FLV segment. Its clock starts at zero at the segment's first keyframe; closing it
 * always writes the muxer's trailer, so the file plays.
 */
abstract class SegmentWriter implements AutoCloseable {
  protected final FFmpegFrameRecorder recorder;
  private final long baseMicros;
  private long endMicros;

  SegmentWriter(FFmpegFrameRecorder recorder, long baseMicros) {
    this.recorder = recorder;
    this.baseMicros = baseMicros;
    recorder.setFormat("flv");
    // Every packet reaches the file at once: a kill -9 then loses at most the packet in hand.
    recorder.setOption("flush_packets", "1");
  }

  /** Media time of the segment's first packet, in microseconds of the source's clock. */
  final long baseMicros() {
    return baseMicros;
  }

  /** Duration written so far, in milliseconds. */
  final long durationMs() {
    return endMicros / 1000;
  }

  /** Notes that media up to {@code micros} (segment time) has been written. */
  protected final void reached(long micros) {
    endMicros = Math.max(endMicros, micros);
  }

  @Override
  public final void close() throws Exception {
    try {
      recorder.stop();
    } finally {
      recorder.release();
    }
  }
}
