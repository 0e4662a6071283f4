package recfleet.node.record;

import recfleet.common.SourceSpec;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import recfleet.node.modes.Capturer;
import recfleet.node.store.Capture;
import recfleet.node.writer.RecordFormat;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import recfleet.node.ingest.FfmpegPackets;
import recfleet.node.media.GopRing;
import recfleet.node.media.Packet;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import recfleet.common.source.SourceRefused;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one room FFmpeg reads (RTSP, HLS, SRT, files, lavfi) on the calling thread until asked
 * to stop: connect, copy the source's packets through the room's GOP ring into segments (FLV or
 * fMP4, cut where {@link PacketSegments} says), or encode what cannot be copied (raw frames, PCM) to
 * FLV; when the source drops, close the open segment (a playable file) and reconnect with a growing
 * backoff, within the same session. A session
 * ends when the room is stopped, a finite source reaches its end, or the source stays away
 * longer than {@code sessionGap}.
 */
public final class RoomRecorder implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RoomRecorder.class);
  /** A file that cannot be read this many times in a row will not become readable by waiting. */
  private static final int FINITE_SOURCE_TRIES = 5;

  private final String roomId;
  private final SourceSpec source;
  private final RecordOptions options;
  private final RecordingListener listener;
  private final Clock clock;
  private final WriteFence fence;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private volatile boolean stopRequested;

  private final SegmentLedger ledger;
  private final PacketSegments segments;
  private final GopRing ring;
  private volatile boolean blocked;
  /** HTTP(S) sources go through it, so each redirect and HLS segment is judged too; null: none (tests). */
  private final PolicyProxy proxy;
  /** Capture calls handed to the recording thread: run between packets, and while it waits to reconnect. */
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  /** An on-demand room's writes (captures); null for a room that records continuously. */
  private final OnDemandWrites onDemand;

  public RoomRecorder(String roomId, SourceSpec source, RecordOptions options, RecordingListener listener,
                      Clock clock, WriteFence fence, PolicyProxy proxy, GopRing ring) {
    this.ring = ring;
    this.proxy = proxy;
    this.roomId = roomId;
    this.source = source;
    this.options = options;
    this.listener = listener;
    this.clock = clock;
    this.fence = fence;
    this.ledger = new SegmentLedger(roomId, options, listener, clock);
    this.segments = new PacketSegments(roomId, ledger, options.split(), options.format(), options.part().toMillis());
    this.onDemand = options.onDemand() ? new OnDemandWrites(roomId, commands::add, clock, ring,
        new OnDemandWrites.Output() {
          @Override
          public void write(Packet p, long arrivedAtMs) {
            try {
              segments.write(p, arrivedAtMs);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }

          @Override
          public void run(Runnable job) {
            job.run(); // already on the recording thread
          }
        }, segments, ledger, listener) : null;
  }

  /** What captures ask of an on-demand room; empty for a room that records continuously. */
  public Optional<Capturer> capturer() {
    return Optional.ofNullable(onDemand);
  }

  /** The capture calls waiting for this thread (between packets, where each packet also ends captures due). */
  private void runCommands() {
    for (Runnable c; (c = commands.poll()) != null; ) c.run();
  }

  /** Waits {@code ms} or until a stop (true), running capture calls and ending captures due meanwhile. */
  private boolean idle(long ms) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    while (true) {
      runCommands();
      if (onDemand != null) onDemand.expire(clock.millis()); // no packets come to do it
      long left = end - System.nanoTime();
      if (left <= 0) return false;
      if (stopSignal.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) return true;
    }
  }

  /** True once the source turned out unrecordable on this node (see {@link NativeLibraries}): the run ended for that. */
  public boolean blocked() {
    return blocked;
  }

  public void requestStop() {
    stopRequested = true;
    stopSignal.countDown();
  }

  @Override
  public void run() {
    int failuresInRow = 0;
    try {
      while (!stopRequested) {
        if (!fence.mayWrite()) {
          waitForLease();
          continue;
        }
        boolean gotMedia = false;
        String failure = null;
        try {
          gotMedia = recordOnce();
        } catch (Exception | LinkageError e) {
          String byProxy = proxy == null ? null : proxy.takeRefusal(roomId);
          var blocked = e instanceof SourceRefused refused ? Optional.of("source refused: " + refused.getMessage())
              : byProxy != null ? Optional.of("source refused: " + byProxy) : NativeLibraries.explain(e);
          if (blocked.isPresent()) {
            // retrying cannot bring a library back, nor lift a policy: say it once, where users look, and stop
            log.error("[room {}] {}", roomId, blocked.get());
            this.blocked = true;
            listener.sourceBlocked(blocked.get());
            break;
          }
          failure = e.getMessage();
        }
        if (stopRequested) {
          // nothing to retry, but a failure while stopping (a segment that would not close) is said
          if (failure != null) log.warn("[room {}] stopping; the last read or close failed: {}", roomId, failure);
          break;
        }
        if (!fence.mayWrite()) continue; // not a source failure: wait for the lease at the top
        if (source.finite() && gotMedia) {
          log.info("[room {}] source reached its end", roomId);
          break;
        }
        failuresInRow = gotMedia ? 0 : failuresInRow + 1;
        if (source.finite() && failuresInRow >= FINITE_SOURCE_TRIES) {
          log.error("[room {}] giving up on the file after {} tries: {}", roomId, failuresInRow, failure);
          listener.sourceFailed("gave up: " + failure, -1);
          break;
        }
        long delay = backoffMs(failuresInRow);
        ledger.endSessionIfAwayTooLong();
        String reason = failure != null ? failure : (gotMedia ? "source dropped" : "source sent no media");
        log.warn("[room {}] {}; reconnecting in {} ms", roomId, reason, delay);
        listener.sourceFailed(reason, delay);
        if (idle(delay)) break;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (onDemand != null) {
        runCommands();
        onDemand.endAll(Capture.BY_ROOM_STOP);
      }
      ledger.endSession();
    }
  }

  /**
   * The node's write lease ran out (the master has not answered for a while, or this process was
   * frozen): the room may be recorded elsewhere by now, so nothing is written until the master
   * renews the lease, or the room is taken away (a stop).
   */
  private void waitForLease() throws InterruptedException {
    log.warn("[room {}] write lease expired; not recording until the master confirms the room", roomId);
    listener.sourceFailed("write lease expired", -1);
    while (!stopRequested && !fence.mayWrite()) {
      if (stopSignal.await(100, TimeUnit.MILLISECONDS)) return;
    }
    if (!stopRequested) log.info("[room {}] write lease renewed; recording again", roomId);
  }

  private long backoffMs(int failuresInRow) {
    return new recfleet.common.BackoffPolicy(options.reconnectMin(), options.reconnectMax(), 0).delay(failuresInRow)
        .toMillis();
  }

  /** Opens the source and records it until it ends or drops; true if any media was written. */
  private boolean recordOnce() throws Exception {
    // judged again before every connection: DNS may now say something else than when the room was added
    options.sources().checkForm(source.input(), source);
    if (source.network()) options.sources().checkHost(java.net.URI.create(source.input()).getHost());
    if (source.isFilterGraph()) {
      // run in this process by libavfilter: FFmpeg's lavfi input needs libavdevice and its system libraries
      try (FilterGraphSource graph = FilterGraphSource.open(source.input())) {
        return encodeFrames(graph);
      }
    }
    FFmpegFrameGrabber grabber = open();
    try {
      if (onDemand != null && !canCopy(grabber)) {
        throw new SourceRefused("an on-demand room writes its source's packets from its ring, and this source's "
            + "media must be encoded (raw video, PCM or G.711 audio)");
      }
      return canCopy(grabber) ? copyPackets(grabber) : encodeFrames(new GrabberFrames(grabber));
    } finally {
      closeQuietly(grabber);
    }
  }

  private FFmpegFrameGrabber open() throws Exception {
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.input());
    if (source.format() != null) g.setFormat(source.format());
    if (source.network()) {
      // rw_timeout bounds every read, so a publisher that vanishes without closing is noticed.
      g.setOption("rw_timeout", String.valueOf(options.readTimeout().toNanos() / 1000));
      // TCP (interleaved) by default: it passes NAT and loses nothing; some servers only take UDP
      if (source.input().startsWith("rtsp") && !options.rtspTransport().equals("auto")) {
        g.setOption("rtsp_transport", options.rtspTransport());
      }
      if (proxy != null && source.input().regionMatches(true, 0, "http", 0, 4)) {
        g.setOption("http_proxy", proxy.proxyUrl(roomId));
      }
    }
    // Decoders are opened even for packet copy; one thread each keeps idle threads away.
    g.setVideoOption("threads", "1");
    g.setAudioOption("threads", "1");
    // Raw sources are encoded from YUV 4:2:0, the encoder's own format: no round trip through BGR.
    g.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
    try {
      g.startUnsafe(); // start() holds a JVM-wide lock through the whole probe of every room
    } catch (Exception e) {
      closeQuietly(g);
      throw new IOException("cannot open source: " + e.getMessage());
    }
    if (g.getVideoStream() < 0 || g.getImageWidth() <= 0) {
      closeQuietly(g);
      throw new IOException("source has no video stream");
    }
    return g;
  }

  private static boolean canCopy(FFmpegFrameGrabber g) {
    return FfmpegPackets.canCarry(g.getVideoCodec(), g.getAudioStream() < 0 ? -1 : g.getAudioCodec());
  }

  /** Copies the source's packets through the ring into segments, without decoding; true if any media was written. */
  private boolean copyPackets(FFmpegFrameGrabber g) throws Exception {
    FfmpegPackets packets = new FfmpegPackets(g.getFormatContext(), g.getVideoStream(), g.getAudioStream());
    try {
      AVPacket pkt;
      while (!stopRequested && (pkt = g.grabPacket()) != null) {
        runCommands();
        if (!fence.mayWrite()) {
          av_packet_unref(pkt);
          break;
        }
        Packet p = packets.convert(pkt);
        av_packet_unref(pkt);
        if (p == null) continue;
        long arrivedAtMs = clock.millis();
        synchronized (ring) {
          ring.add(p, arrivedAtMs);
        }
        if (onDemand != null && !onDemand.admits(arrivedAtMs)) continue; // buffered, not written
        segments.write(p, arrivedAtMs);
        segments.flush(); // every packet reaches the file at once: a kill -9 loses at most the packet in hand
      }
    } finally {
      segments.closeSegment();
    }
    return segments.takeWroteSinceConnect();
  }

  /** Records until the source ends or drops, or a stop is requested; true if any media was written. */
  private boolean encodeFrames(FrameSource source) throws Exception {
    EncodingWriter writer = null;
    Segment segment = null;
    try {
      Frame frame;
      while (!stopRequested && (frame = source.grab()) != null) {
        if (!fence.mayWrite()) break;
        if (frame.image != null) {
          if (writer == null || options.split().due((frame.timestamp - writer.baseMicros()) / 1000, 0)) {
            if (writer != null) closeSegment(writer, segment);
            segment = ledger.open(RecordFormat.FLV);
            writer = new EncodingWriter(ledger.file(segment), source.format(), frame.timestamp);
          }
          writer.writeVideo(frame);
          ledger.wrote(0);
        } else if (frame.samples != null && writer != null) {
          writer.writeAudio(frame);
        }
      }
    } finally {
      if (writer != null) closeSegment(writer, segment);
    }
    return segment != null;
  }

  private void closeSegment(SegmentWriter writer, Segment segment) {
    try {
      writer.close();
    } catch (Exception e) {
      log.warn("[room {}] closing {} failed: {}", roomId, segment.rawRelativePath(), e.getMessage());
    } finally {
      // even if the muxer threw an Error: the file on disk is what was written, and it must be queued
      ledger.closed(segment, writer.durationMs());
    }
  }

  private static void closeQuietly(FFmpegFrameGrabber g) {
    if (g == null) return;
    try {
      g.close();
    } catch (Exception ignored) {
      // closing a grabber that failed to start can itself fail; nothing is left to release
    }
  }
}
