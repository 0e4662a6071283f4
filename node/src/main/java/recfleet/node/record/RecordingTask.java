package recfleet.node.record;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.SourceSpec;
import recfleet.node.ingest.HttpFlvIngest;
import recfleet.node.ingest.PacketIngest;
import recfleet.node.ingest.rtmp.RtmpIngest;
import recfleet.node.media.GopRing;

/**
 * The verticle TaskDoctor deploys for one room. RTMP and HTTP-FLV rooms are read on this verticle's
 * event loop by a {@link PacketRecorder} (no thread of their own, their files written by a shared
 * worker pool); every other source gets one platform thread that runs a {@link RoomRecorder}.
 * Undeploying stops the recorder and waits for the open segment to close.
 */
public final class RecordingTask extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RecordingTask.class);
  /** Shared by every room's packet recorder: file writes and bookkeeping, never on an event loop. */
  private static final String WRITER_POOL = "record-write";
  private static final int WRITER_THREADS = 4;

  private final String unitName;
  private final String roomId;
  private final RecordingParts parts;
  private RoomRecorder recorder;
  private PacketRecorder packets;
  private Thread thread;
  private WorkerExecutor writers;
  private NetClient netClient;
  private HttpClient httpClient;
  private GopRing ring;
  private volatile boolean stopping;
  /** The node's [RECORD] with this room's own options.record over it. */
  private RecordOptions options;

  public RecordingTask(String unitName, String roomId, RecordingParts parts) {
    this.unitName = unitName;
    this.roomId = roomId;
    this.parts = parts;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> parts.rooms().get(roomId)
            .orElseThrow(() -> new IllegalStateException("room " + roomId + " is not in the database")))
        .compose(room -> {
          SourceSpec source = SourceSpec.parse(room.sourceUrl());
          options = recordOptions(room.options());
          var bookkeeper = new RecordingBookkeeper(roomId, room.epoch(), parts.recordings(), parts.events(),
              vertx.eventBus(), parts.board(), parts.captures());
          // a room held from the master writes only under the node's lease; the node's own rooms always may
          WriteFence fence = room.heldFromMaster() ? parts.lease() : WriteFence.OPEN;
          parts.board().waiting(roomId);
          ring = new GopRing(options.ring().toMillis(), options.ringMaxBytes());
          boolean javaIngest = options.javaIngest() && PacketSources.handles(source);
          parts.rings().put(roomId, ring, javaIngest);
          if (javaIngest) {
            startPackets(source, bookkeeper, fence);
          } else {
            startThread(source, bookkeeper, fence);
          }
          log.info("[room {}] recording task started for {}", roomId, SourceSpec.redact(room.sourceUrl()));
          return Future.succeededFuture();
        });
  }

  /** The room's options.record over the node's; options that cannot be used (checked when added) keep the node's. */
  private RecordOptions recordOptions(java.util.Map<String, Object> roomOptions) {
    try {
      return RoomRecordOptions.apply(parts.options(), roomOptions);
    } catch (IllegalArgumentException e) {
      log.warn("[room {}] {}; recording with the node's [RECORD] settings", roomId, e.getMessage());
      return parts.options();
    }
  }

  private void startThread(SourceSpec source, RecordingListener listener, WriteFence fence) {
    recorder = new RoomRecorder(roomId, source, options, listener, Clock.systemUTC(), fence, parts.proxy(), ring);
    recorder.capturer().ifPresent(c -> parts.capturers().put(roomId, c));
    thread = new Thread(this::runRecorder, "record-" + roomId);
    thread.start();
  }

  private void startPackets(SourceSpec source, RecordingListener listener, WriteFence fence) {
    writers = vertx.createSharedWorkerExecutor(WRITER_POOL, WRITER_THREADS);
    int timeoutMs = (int) options.readTimeout().toMillis();
    Supplier<PacketIngest> ingests;
    if (PacketSources.isRtmp(source)) {
      netClient = vertx.createNetClient(new NetClientOptions().setConnectTimeout(timeoutMs)
          .setSsl(source.input().regionMatches(true, 0, "rtmps", 0, 5)));
      ingests = () -> new RtmpIngest(vertx, netClient, options.sources());
    } else {
      httpClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeoutMs));
      ingests = () -> new HttpFlvIngest(vertx, httpClient, options.sources());
    }
    packets = new PacketRecorder(vertx, roomId, source, options, listener, Clock.systemUTC(), fence, ingests,
        writers, ring);
    packets.capturer().ifPresent(c -> parts.capturers().put(roomId, c));
    packets.start().onComplete(done -> finished(null, packets.blocked()));
  }

  private void runRecorder() {
    Throwable crash = null;
    try {
      recorder.run();
    } catch (Throwable t) {
      crash = t;
      log.error("[room {}] recorder crashed", roomId, t);
    }
    finished(crash, recorder.blocked());
  }

  /** The recording is over by itself (a file's end, a refused source, a crash): tell TaskDoctor. */
  private void finished(Throwable crash, boolean blocked) {
    parts.rings().remove(roomId, ring);
    if (packets != null) packets.capturer().ifPresent(c -> parts.capturers().remove(roomId, c));
    if (recorder != null) recorder.capturer().ifPresent(c -> parts.capturers().remove(roomId, c));
    // a blocked room keeps saying why on /api/rooms (also once TaskDoctor has let the finished task
    // go); it is tried again at the node's next start, or when it is added again
    if (!blocked) parts.board().gone(roomId);
    if (stopping) return;
    if (crash == null && !blocked) {
      try {
        parts.rooms().markFinished(roomId);
      } catch (RuntimeException e) {
        log.warn("[room {}] could not mark the room finished: {}", roomId, e.getMessage());
      }
    }
    var body = new JsonObject().put("unit", unitName);
    if (crash != null) {
      vertx.eventBus().send(Addresses.DOCTOR_FAILED, body.put("reason", String.valueOf(crash.getMessage())));
    } else {
      vertx.eventBus().send(Addresses.DOCTOR_FINISHED, body);
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (packets != null) return stopPackets();
    if (recorder == null) return Future.succeededFuture();
    recorder.requestStop();
    long waitMs = options.readTimeout().toMillis() + 10_000;
    return vertx.executeBlocking(() -> {
      thread.join(waitMs);
      if (thread.isAlive()) log.warn("[room {}] recorder did not stop within {} ms", roomId, waitMs);
      return null;
    });
  }

  private Future<?> stopPackets() {
    return packets.requestStop().eventually(() -> {
      writers.close();
      return netClient != null ? netClient.close() : httpClient.close();
    });
  }
}
