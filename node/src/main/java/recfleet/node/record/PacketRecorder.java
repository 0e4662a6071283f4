package recfleet.node.record;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.BackoffPolicy;
import recfleet.common.SourceSpec;
import recfleet.common.source.SourceRefused;
import recfleet.node.ingest.PacketIngest;
import recfleet.node.media.GopRing;
import recfleet.node.media.Packet;
import recfleet.node.modes.Capturer;
import recfleet.node.store.Capture;

/**
 * Records one RTMP or HTTP-FLV room with no thread of its own: the ingest reads on the room's event
 * loop, each packet goes into the room's {@link GopRing} and onto a {@link WriteQueue} whose batches
 * a shared worker pool writes ({@link PacketSegments}). The event loop side does what
 * {@link RoomRecorder} does on its thread: it reconnects with a growing backoff when the source
 * drops or falls silent for {@code read_timeout}, ends the session after the session gap, stops
 * writing while the write lease has lapsed, and gives up only on a source the policy refuses.
 */
public final class PacketRecorder {
  private static final Logger log = LoggerFactory.getLogger(PacketRecorder.class);

  private final Vertx vertx;
  private final Context context;
  private final String roomId;
  private final SourceSpec source;
  private final RecordOptions options;
  private final RecordingListener listener;
  private final Clock clock;
  private final WriteFence fence;
  private final Supplier<PacketIngest> ingests;
  private final GopRing ring;
  private final SegmentLedger ledger;
  private final PacketSegments segments;
  private final WriteQueue queue;
  /** An on-demand room's writes (captures); null for a room that records continuously. */
  private final OnDemandWrites onDemand;
  private final Promise<Void> finished = Promise.promise();
  private final BackoffPolicy backoff;
  private PacketIngest ingest;
  private long connectedAtMs;
  private long lastPacketAtMs;
  private int failuresInRow;
  private long watchdog = -1;
  private long retry = -1;
  private boolean stopping;
  private volatile boolean blocked;

  /** Made on the room's event loop (the recording task's start); every method but {@link #requestStop} runs there. */
  public PacketRecorder(Vertx vertx, String roomId, SourceSpec source, RecordOptions options,
                        RecordingListener listener, Clock clock, WriteFence fence, Supplier<PacketIngest> ingests,
                        WorkerExecutor io, GopRing ring) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.roomId = roomId;
    this.source = source;
    this.options = options;
    this.listener = listener;
    this.clock = clock;
    this.fence = fence;
    this.ingests = ingests;
    this.ring = ring;
    this.ledger = new SegmentLedger(roomId, options, listener, clock);
    this.segments = new PacketSegments(roomId, ledger, options.split(), options.format(), options.part().toMillis());
    this.queue = new WriteQueue(roomId, context, io, segments, this::writeFailed, this::caughtUp);
    this.backoff = new BackoffPolicy(options.reconnectMin(), options.reconnectMax(), 0);
    this.onDemand = options.onDemand() ? new OnDemandWrites(roomId, job -> context.runOnContext(v -> job.run()), clock,
        ring, new OnDemandWrites.Output() {
          @Override
          public void write(Packet p, long arrivedAtMs) {
            if (queue.offer(p, arrivedAtMs) && ingest != null) ingest.pause();
          }

          @Override
          public void run(Runnable job) {
            queue.run(job);
          }
        }, segments, ledger, listener) : null;
  }

  /** What captures ask of an on-demand room; empty for a room that records continuously. */
  public Optional<Capturer> capturer() {
    return Optional.ofNullable(onDemand);
  }

  /** True once the source turned out unrecordable on this node (refused by the policy): the run ended for that. */
  public boolean blocked() {
    return blocked;
  }

  /** Starts recording; the future completes when the recording is over (stopped, or blocked) and its files are closed. */
  public Future<Void> start() {
    watchdog = vertx.setPeriodic(1000, t -> checkSilence());
    connect();
    return finished.future();
  }

  /** From any thread: stop reading, close the open segment, end the session. */
  public Future<Void> requestStop() {
    context.runOnContext(v -> finish());
    return finished.future();
  }

  private void connect() {
    retry = -1;
    if (stopping) return;
    if (!fence.mayWrite()) {
      waitForLease();
      return;
    }
    try {
      // judged again before every connection: the policy may have changed its mind about the form
      options.sources().checkForm(source.input(), source);
    } catch (SourceRefused e) {
      block("source refused: " + e.getMessage());
      return;
    }
    PacketIngest reading = ingests.get();
    ingest = reading;
    connectedAtMs = clock.millis();
    lastPacketAtMs = 0;
    reading.start(URI.create(source.input()), new PacketIngest.Sink() {
      @Override
      public void packet(Packet packet) {
        if (ingest == reading) onPacket(packet);
      }

      @Override
      public void ended(String why) {
        if (ingest == reading) dropped(why);
      }
    }).onFailure(e -> {
      if (ingest != reading) return;
      if (e instanceof SourceRefused refused) block("source refused: " + refused.getMessage());
      else dropped("cannot open source: " + e.getMessage());
    });
  }

  private void onPacket(Packet p) {
    if (!fence.mayWrite()) {
      leaseLapsed();
      return;
    }
    lastPacketAtMs = clock.millis();
    synchronized (ring) {
      ring.add(p, lastPacketAtMs);
    }
    if (onDemand != null && !onDemand.admits(lastPacketAtMs)) return; // buffered, not written
    if (queue.offer(p, lastPacketAtMs)) ingest.pause(); // the disk is behind: TCP slows the source down
  }

  /** Called by the queue, on the event loop, once the writer has caught up. */
  private void caughtUp() {
    if (ingest != null) ingest.resume();
  }

  private void checkSilence() {
    if (onDemand != null) onDemand.expire(clock.millis()); // a capture ends on time even while the source is silent
    if (ingest == null) return;
    long since = Math.max(connectedAtMs, lastPacketAtMs);
    if (clock.millis() - since <= options.readTimeout().toMillis()) return;
    dropped(lastPacketAtMs == 0 ? "source sent no media within " + options.readTimeout().toSeconds() + " s"
        : "source sent nothing for " + options.readTimeout().toSeconds() + " s");
  }

  /** The connection is over: close the open segment, then try again after the backoff. */
  private void dropped(String reason) {
    stopIngest();
    queue.run(() -> {
      segments.closeSegment();
      boolean gotMedia = segments.takeWroteSinceConnect();
      context.runOnContext(v -> scheduleRetry(reason, gotMedia));
    });
  }

  private void scheduleRetry(String reason, boolean gotMedia) {
    if (stopping) return;
    failuresInRow = gotMedia ? 0 : failuresInRow + 1;
    long delay = backoff.delay(failuresInRow).toMillis();
    log.warn("[room {}] {}; reconnecting in {} ms", roomId, reason, delay);
    queue.run(() -> {
      ledger.endSessionIfAwayTooLong();
      listener.sourceFailed(reason, delay);
    });
    retry = vertx.setTimer(delay, t -> connect());
  }

  /**
   * The node's write lease ran out: the room may be recorded elsewhere by now, so nothing is written
   * until the master renews the lease, or the room is taken away (a stop).
   */
  private void leaseLapsed() {
    stopIngest();
    queue.run(segments::closeSegment);
    waitForLease();
  }

  private void waitForLease() {
    log.warn("[room {}] write lease expired; not recording until the master confirms the room", roomId);
    queue.run(() -> listener.sourceFailed("write lease expired", -1));
    retry = vertx.setPeriodic(100, t -> {
      if (stopping || !fence.mayWrite()) return;
      vertx.cancelTimer(t);
      log.info("[room {}] write lease renewed; recording again", roomId);
      connect();
    });
  }

  private void writeFailed(String why) {
    if (stopping || ingest == null) return;
    log.error("[room {}] writing failed: {}", roomId, why);
    dropped("writing failed: " + why);
  }

  private void block(String why) {
    // retrying cannot lift a policy: say it once, where users look, and stop
    log.error("[room {}] {}", roomId, why);
    blocked = true;
    queue.run(() -> listener.sourceBlocked(why));
    finish();
  }

  private void finish() {
    if (stopping) return;
    stopping = true;
    stopIngest();
    if (watchdog >= 0) vertx.cancelTimer(watchdog);
    if (retry >= 0) vertx.cancelTimer(retry);
    if (onDemand != null) onDemand.endAll(Capture.BY_ROOM_STOP);
    queue.run(() -> {
      segments.closeSegment();
      ledger.endSession();
      finished.tryComplete();
    });
  }

  private void stopIngest() {
    if (ingest == null) return;
    PacketIngest stopping = ingest;
    ingest = null;
    stopping.stop();
  }
}
