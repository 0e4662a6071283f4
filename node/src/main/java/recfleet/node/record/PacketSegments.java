package recfleet.node.record;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.node.media.Packet;
import recfleet.node.writer.MediaWriter;
import recfleet.node.writer.RecordFormat;
import recfleet.node.writer.SegmentCutter;
import recfleet.node.writer.TrackClock;
import recfleet.node.writer.SplitRule;

/**
 * The blocking half of a packet recording: packets go into segment files, cut where the
 * {@link SegmentCutter} says, each file opened and closed through the room's {@link SegmentLedger}
 * (rows, events, the transcode job). Runs on a worker, one batch at a time.
 */
final class PacketSegments {
  private static final Logger log = LoggerFactory.getLogger(PacketSegments.class);
  private final String roomId;
  private final SegmentLedger ledger;
  private final SegmentCutter cutter;
  private final TrackClock clock = new TrackClock();
  private final RecordFormat format;
  private final long partMillis;
  private MediaWriter writer;
  private Segment segment;
  private boolean wroteSinceConnect;

  PacketSegments(String roomId, SegmentLedger ledger, SplitRule rule, RecordFormat format, long partMillis) {
    this.format = format;
    this.partMillis = partMillis;
    this.roomId = roomId;
    this.ledger = ledger;
    this.cutter = new SegmentCutter(rule);
  }

  /** Writes a packet that arrived at {@code arrivedAtMs} (wall clock): the file's times follow the media's. */
  void write(Packet p, long arrivedAtMs) throws IOException {
    switch (cutter.next(p)) {
      case DROP -> {
        // before the first keyframe, or after a break until the next one: nothing could decode it
      }
      case CUT -> {
        if (writer != null) {
          if (cutter.breakReason() != null) log.info("[room {}] {}; a new segment starts", roomId, cutter.breakReason());
          closeFile();
        }
        segment = ledger.open(format, arrivedAtMs);
        writer = format.open(ledger.file(segment), partMillis);
        clock.reset();
        put(p, arrivedAtMs);
      }
      case WRITE -> put(p, arrivedAtMs);
    }
  }

  private void put(Packet p, long arrivedAtMs) throws IOException {
    writer.write(clock.inOrder(p));
    wroteSinceConnect = true;
    ledger.wrote(p.size(), arrivedAtMs);
  }

  /** The end of a batch: what was written goes to the OS, so a kill -9 loses at most the batch in hand. */
  void flush() throws IOException {
    if (writer != null) writer.flush();
  }

  /** Closes the open segment (the source dropped, or the recording stops); the next keyframe opens a new one. */
  void closeSegment() {
    cutter.reset();
    if (writer != null) closeFile();
  }

  /** Whether media was written since the last call (a connection that delivered resets the backoff). */
  boolean takeWroteSinceConnect() {
    boolean wrote = wroteSinceConnect;
    wroteSinceConnect = false;
    return wrote;
  }

  private void closeFile() {
    MediaWriter closing = writer;
    Segment closed = segment;
    writer = null;
    segment = null;
    try {
      closing.close();
    } catch (IOException | RuntimeException e) {
      log.warn("[room {}] closing {} failed: {}", roomId, closed.rawRelativePath(), e.getMessage());
    } finally {
      // even if the close failed: the file on disk is what was written, and it must be queued
      ledger.closed(closed, closing.durationMillis());
    }
  }
}
