package recfleet.node.record;

import java.io.IOException;
import recfleet.node.modes.PathTemplate;
import recfleet.node.writer.HlsFolder;
import recfleet.node.writer.RecordFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's sessions and segments as the listener hears of them, whatever writes the files: a
 * session starts with its first segment and ends when asked or when the source stayed away longer
 * than the session gap; each segment gets its name (room-YYYYMMDD-HHMMSS-mmm in the room's zone), its
 * place in the session, and on close its size on disk and the time of its last write. Blocking (the
 * listener stores rows); one thread at a time.
 */
final class SegmentLedger {
  private static final Logger log = LoggerFactory.getLogger(SegmentLedger.class);
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final String roomId;
  private final RecordOptions options;
  private final RecordingListener listener;
  private final Clock clock;
  private String sessionId;
  private String captureId;
  private String nextRecordingId;
  private String nextFileBase;
  private int seq;
  private long lastMediaAtMs;
  private long lastWriteAtMs;

  SegmentLedger(String roomId, RecordOptions options, RecordingListener listener, Clock clock) {
    this.roomId = roomId;
    this.options = options;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * The files opened from now on are written for {@code captureId} (null: for none), and the next one
   * takes {@code firstRecordingId} as its id (null: a new one), so a capture's caller reads its file
   * under the id it chose, and {@code firstFileBase} as its name (null: the room's usual name).
   */
  void capture(String captureId, String firstRecordingId, String firstFileBase) {
    this.captureId = captureId;
    this.nextRecordingId = firstRecordingId;
    this.nextFileBase = firstFileBase;
  }

  /** Names the next segment now (a new session if none is open), makes its folder, and says it opened. */
  Segment open(RecordFormat format) throws IOException {
    return open(format, clock.millis());
  }

  /**
   * The same for a segment whose first packet arrived at {@code arrivedAtMs} (wall clock): a writer
   * that works in batches opens the file later than the media began, and the name, the event and
   * the master's overlap check must say when the media began.
   */
  Segment open(RecordFormat format, long arrivedAtMs) throws IOException {
    if (sessionId == null) {
      sessionId = UUID.randomUUID().toString();
      seq = 0;
      lastMediaAtMs = arrivedAtMs;
      log.info("[room {}] session {} started", roomId, sessionId);
      listener.sessionStarted(sessionId);
    }
    seq++;
    OffsetDateTime now = java.time.Instant.ofEpochMilli(arrivedAtMs).atZone(options.zone()).toOffsetDateTime();
    String base = nextFileBase != null ? nextFileBase : roomId + "-" + now.format(FILE_TIME);
    nextFileBase = null;
    String id = nextRecordingId != null ? nextRecordingId : UUID.randomUUID().toString();
    nextRecordingId = null;
    String target = options.pathTemplate() == null ? null
        : PathTemplate.render(options.pathTemplate(), roomId, seq, now);
    if (options.pathTemplate() != null && target == null) {
      log.warn("[room {}] path template {} gives no usable path; the file goes to its usual place", roomId,
          options.pathTemplate());
    }
    Segment segment = new Segment(id, roomId, sessionId, seq, base, roomId + "/" + format.fileName(base), now,
        captureId, target, options.storage());
    Files.createDirectories(file(segment).getParent());
    listener.segmentOpened(segment);
    return segment;
  }

  /** Media went into the open segment now. */
  void wrote(int bytes) {
    wrote(bytes, clock.millis());
  }

  /** Media that arrived at {@code arrivedAtMs} went into the open segment. */
  void wrote(int bytes, long arrivedAtMs) {
    lastMediaAtMs = arrivedAtMs;
    lastWriteAtMs = arrivedAtMs;
    listener.mediaWritten(bytes);
  }

  /** The segment's file is closed (or as closed as it will get): it is stored and queued. */
  void closed(Segment segment, long durationMs) {
    listener.segmentClosed(segment, bytesOnDisk(segment), durationMs, lastWriteAtMs);
  }

  /** Ends the session if the source has been away longer than the session gap. */
  void endSessionIfAwayTooLong() {
    if (sessionId != null && clock.millis() - lastMediaAtMs > options.sessionGap().toMillis()) endSession();
  }

  void endSession() {
    if (sessionId == null) return;
    String ended = sessionId;
    sessionId = null;
    log.info("[room {}] session {} ended", roomId, ended);
    listener.sessionEnded(ended);
  }

  Path file(Segment segment) {
    return options.worksPath().resolve(segment.rawRelativePath());
  }

  private long bytesOnDisk(Segment segment) {
    try {
      return HlsFolder.sizeOf(file(segment));
    } catch (IOException e) {
      return 0;
    }
  }
}
