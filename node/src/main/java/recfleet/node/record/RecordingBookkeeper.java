package recfleet.node.record;

import io.vertx.core.eventbus.EventBus;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.event.EventType;
import recfleet.common.BackoffPolicy;
import java.time.Duration;
import recfleet.node.notify.NodeEvents;
import recfleet.node.store.Recording;
import recfleet.node.modes.CaptureEnds;
import recfleet.node.store.CaptureStore;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.Stage;

/**
 * Turns what a recorder reports into rows and events. A closed segment is stored together with
 * its transcode job before FileClosed is published, so the event never announces a file that a
 * crash could lose.
 */
final class RecordingBookkeeper implements RecordingListener {
  private static final Logger log = LoggerFactory.getLogger(RecordingBookkeeper.class);
  private static final int CLOSE_TRIES = 5;
  /** Rooms whose closings the database turned away together do not retry in lockstep: jitter. */
  private static final BackoffPolicy CLOSE_RETRY = new BackoffPolicy(Duration.ofMillis(200), Duration.ofMillis(1600), 0.2);
  private final String roomId;
  private final RecordingStore recordings;
  private final NodeEvents events;
  private final EventBus bus;
  private final RecordingBoard board;
  private final CaptureStore captures;
  /** The master's assignment this room is recorded under; null for the node's own room. */
  private final Long epoch;
  private boolean failing;

  RecordingBookkeeper(String roomId, Long epoch, RecordingStore recordings, NodeEvents events, EventBus bus,
                      RecordingBoard board, CaptureStore captures) {
    this.roomId = roomId;
    this.captures = captures;
    this.epoch = epoch;
    this.recordings = recordings;
    this.events = events;
    this.bus = bus;
    this.board = board;
  }

  @Override
  public void captureEnded(String captureId, String reason) {
    try {
      CaptureEnds.record(captures, events, captureId, reason);
    } catch (RuntimeException e) {
      // the next start ends it ("restart") if this never lands; its files are stored either way
      log.warn("[room {}] could not store the end of capture {}: {}", roomId, captureId, e.getMessage());
    }
  }

  @Override
  public void sessionStarted(String sessionId) {
    events.publish(EventType.SessionStarted, Map.of("RoomId", roomId, "SessionId", sessionId));
  }

  @Override
  public void segmentOpened(Segment s) {
    failing = false;
    recordings.insertOpening(Recording.opening(s.recordingId(), s.roomId(), s.sessionId(), s.seq(), s.baseName(),
        s.rawRelativePath(), s.startedAt(), s.targetPath(), s.storage()), epoch, s.captureId());
    board.recording(roomId, s.sessionId(), s.rawRelativePath());
    events.publish(EventType.FileOpening, segmentData(s));
  }

  @Override
  public void segmentClosed(Segment s, long bytes, long durationMs, long lastWriteAtMs) {
    if (!storeClosed(s, bytes, durationMs)) return;
    Map<String, Object> data = segmentData(s);
    data.put("FileSize", bytes);
    data.put("Duration", durationMs / 1000.0);
    // When the last packet went in: a closing that comes late (after a freeze) does not widen it.
    data.put("LastWriteTime", java.time.Instant.ofEpochMilli(lastWriteAtMs).atOffset(java.time.ZoneOffset.UTC).toString());
    events.publish(EventType.FileClosed, data);
    bus.send(Stage.FIRST.address(), s.recordingId());
  }

  /**
   * Stores the closed segment and its transcode job, trying again for a few seconds: a closing
   * often comes in a burst (a stop or a lease expiry closes every room at once) and the file must
   * not wait for the next start because one write failed. If it still fails, the row stays
   * RECORDING and the next start queues the file (InterruptedSegments); nothing is announced.
   */
  private boolean storeClosed(Segment s, long bytes, long durationMs) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= CLOSE_TRIES; attempt++) {
      try {
        recordings.closeAndEnqueue(s.recordingId(), bytes, durationMs, OffsetDateTime.now(events.zone()));
        if (attempt > 1) log.info("[room {}] stored the closing of {} at attempt {}", roomId, s.rawRelativePath(), attempt);
        return true;
      } catch (RuntimeException e) {
        last = e;
        log.warn("[room {}] storing the closing of {} failed (attempt {} of {}): {}", roomId, s.rawRelativePath(),
            attempt, CLOSE_TRIES, e.getMessage());
        // jittered: rooms that closed together do not all try again at the same moment
        if (attempt < CLOSE_TRIES && !pause(CLOSE_RETRY.delay(attempt).toMillis())) break;
      }
    }
    log.error("[room {}] {} is closed on disk but not queued ({}); the next start of the node queues it", roomId,
        s.rawRelativePath(), last == null ? "interrupted" : last.getMessage());
    return false;
  }

  private static boolean pause(long ms) {
    try {
      Thread.sleep(ms); // the room's own recording thread, never an event loop
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void mediaWritten(int bytes) {
    board.addIngress(bytes);
  }

  @Override
  public void sessionEnded(String sessionId) {
    board.waiting(roomId);
    events.publish(EventType.SessionEnded, Map.of("RoomId", roomId, "SessionId", sessionId));
  }

  @Override
  public void sourceFailed(String reason, long retryInMs) {
    board.waiting(roomId);
    if (failing) return; // one event per outage, not one per reconnect attempt
    failing = true;
    events.publish(EventType.RecordingError, Map.of("RoomId", roomId, "Reason", reason, "RetryInMs", retryInMs));
  }

  @Override
  public void sourceBlocked(String reason) {
    board.blocked(roomId, reason);
    events.publish(EventType.RecordingError, Map.of("RoomId", roomId, "Reason", reason, "Final", true));
  }

  private Map<String, Object> segmentData(Segment s) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("RoomId", roomId);
    data.put("SessionId", s.sessionId());
    data.put("RecordingId", s.recordingId());
    data.put("RelativePath", s.rawRelativePath());
    data.put("FileOpenTime", s.startedAt().toString());
    if (epoch != null) data.put("Epoch", epoch); // which assignment: the master tells overlaps by it
    return data;
  }
}
