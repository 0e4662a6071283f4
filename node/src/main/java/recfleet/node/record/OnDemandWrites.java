package recfleet.node.record;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.ApiError;
import recfleet.node.media.GopRing;
import recfleet.node.media.Packet;
import recfleet.node.modes.CaptureWindow;
import recfleet.node.modes.Capturer;
import recfleet.node.store.Capture;

/**
 * The writes of an on-demand room ({@code options.record.mode = on_demand}): its source stays
 * connected and its ring full, but packets reach the write queue only while a capture is open. A
 * capture that opens the window first queues the ring's packets from the keyframe at or before its
 * start (with the times they arrived), so the file begins there; when the last capture ends, the
 * file closes and goes down the pipeline. Every method runs where the room's packets are handled:
 * the event loop of a room the Java ingest reads, the recording thread of one FFmpeg reads.
 */
final class OnDemandWrites implements Capturer {
  /** Where the window's packets go and its jobs run: the write queue, or the recording thread itself. */
  interface Output {
    void write(Packet p, long arrivedAtMs);

    void run(Runnable job);
  }

  private static final Logger log = LoggerFactory.getLogger(OnDemandWrites.class);

  private final String roomId;
  private final Executor loop;
  private final Clock clock;
  private final GopRing ring;
  private final Output queue;
  private final PacketSegments segments;
  private final SegmentLedger ledger;
  private final RecordingListener listener;
  private final CaptureWindow window = new CaptureWindow();
  /** When the keyframe the open file starts at arrived: where a capture that joins it is covered from. */
  private long windowStartMs;

  /** {@code loop}: where the room's packets are handled; the capture calls run there too. */
  OnDemandWrites(String roomId, Executor loop, Clock clock, GopRing ring, Output queue, PacketSegments segments,
                 SegmentLedger ledger, RecordingListener listener) {
    this.roomId = roomId;
    this.loop = loop;
    this.clock = clock;
    this.ring = ring;
    this.queue = queue;
    this.segments = segments;
    this.ledger = ledger;
    this.listener = listener;
  }

  /** Whether a packet that arrives now is written: ends the captures whose time has come first. */
  boolean admits(long nowMs) {
    expire(nowMs);
    return window.isOpen(nowMs);
  }

  /** Ends the captures whose end has come; closes the file if none is left. */
  void expire(long nowMs) {
    Map<String, Long> over = window.expire(nowMs);
    if (!over.isEmpty()) ended(List.copyOf(over.keySet()), Capture.BY_DURATION);
  }

  /** The room stops: every open capture ends with it. */
  void endAll(String reason) {
    List<String> open = window.stopAll();
    if (!open.isEmpty()) ended(open, reason);
  }

  @Override
  public Future<CaptureStarted> start(String captureId, long requestedStartMs, long endMs, String fileBase) {
    return onLoop(() -> open(captureId, requestedStartMs, endMs, fileBase, false));
  }

  @Override
  public Future<CaptureStarted> startEvent(String captureId, long requestedStartMs, long endMs) {
    return onLoop(() -> open(captureId, requestedStartMs, endMs, null, true));
  }

  @Override
  public Future<Boolean> stop(String captureId) {
    return onLoop(() -> {
      if (!window.stop(captureId)) return false;
      ended(List.of(captureId), Capture.BY_REQUEST);
      return true;
    });
  }

  private CaptureStarted open(String captureId, long requestedStartMs, long endMs, String fileBase,
                              boolean fromOldestIfOlder) {
    long now = clock.millis();
    expire(now);
    if (window.isOpen(now)) {
      String owner = window.current().orElseThrow();
      window.open(captureId, endMs, now);
      log.info("[room {}] capture {} joins the file of capture {}", roomId, captureId, owner);
      return new CaptureStarted(windowStartMs, owner);
    }
    GopRing.Slice slice = heldSlice(requestedStartMs, fromOldestIfOlder);
    window.open(captureId, endMs, now);
    windowStartMs = slice.startArrivedAtMs();
    queue.run(() -> ledger.capture(captureId, captureId, fileBase));
    for (Packet p : slice.packets()) {
      try {
        queue.write(p, slice.arrivedAtMs(p));
      } finally {
        p.release(); // written, or held by the queue on its own
      }
    }
    log.info("[room {}] capture {} starts at the keyframe that arrived {} ms before the time asked", roomId,
        captureId, requestedStartMs - slice.startArrivedAtMs());
    return new CaptureStarted(slice.startArrivedAtMs(), null);
  }

  /** The ring's packets from the keyframe at or before the start, held for the queue; or why there are none. */
  private GopRing.Slice heldSlice(long requestedStartMs, boolean fromOldestIfOlder) {
    synchronized (ring) {
      Optional<GopRing.Slice> slice = ring.fromKeyframeAtOrBefore(requestedStartMs);
      if (slice.isEmpty() && fromOldestIfOlder) slice = ring.oldestArrivalMs().flatMap(ring::fromKeyframeAtOrBefore);
      if (slice.isPresent()) {
        slice.get().packets().forEach(Packet::retain);
        return slice.get();
      }
      Optional<Long> oldest = ring.oldestArrivalMs();
      if (oldest.isEmpty()) {
        throw new ApiError(ApiError.NOTHING_BUFFERED, 409, "room " + roomId + " has no media buffered yet");
      }
      throw new ApiError(ApiError.START_TOO_OLD, 422, "the start time " + Instant.ofEpochMilli(requestedStartMs)
          + " is older than room " + roomId + "'s buffer: its oldest keyframe arrived at " + Instant.ofEpochMilli(oldest.get()));
    }
  }

  /** Captures are over: said to the listener; the file closes if the window did, else the next capture owns later files. */
  private void ended(List<String> captureIds, String reason) {
    long now = clock.millis();
    boolean closed = !window.isOpen(now);
    String next = window.current().orElse(null);
    log.info("[room {}] capture {} ended ({})", roomId, String.join(", ", captureIds), reason);
    queue.run(() -> {
      for (String id : captureIds) listener.captureEnded(id, reason);
      if (closed) segments.closeSegment();
      ledger.capture(next, null, null);
    });
  }

  private <T> Future<T> onLoop(Callable<T> work) {
    Promise<T> done = Promise.promise();
    loop.execute(() -> {
      try {
        done.complete(work.call());
      } catch (Exception e) {
        done.fail(e);
      }
    });
    return done.future();
  }
}
