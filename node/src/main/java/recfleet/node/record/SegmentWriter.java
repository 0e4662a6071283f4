package recfleet.node.record;

/** One open segment file. Closing it always leaves a playable file (the muxer's trailer is written). */
interface SegmentWriter extends AutoCloseable {
  /** Media time of the segment's first packet, in microseconds of the source's clock. */
  long baseMicros();

  /** Duration written so far, in milliseconds. */
  long durationMs();

  @Override
  void close() throws Exception;
}
