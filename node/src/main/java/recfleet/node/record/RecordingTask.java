package recfleet.node.record;

import recfleet.common.SourceSpec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.node.notify.NodeEvents;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.RoomStore;

/**
 * The verticle TaskDoctor deploys for one room. It owns one platform thread that runs the
 * {@link RoomRecorder}; undeploying it stops the recorder and waits for the open segment to close.
 */
public final class RecordingTask extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RecordingTask.class);

  private final String unitName;
  private final String roomId;
  private final RoomStore rooms;
  private final RecordingStore recordings;
  private final NodeEvents events;
  private final RecordingBoard board;
  private final RecordOptions options;
  private final WriteFence lease;
  private RoomRecorder recorder;
  private Thread thread;
  private volatile boolean stopping;
  private final PolicyProxy proxy;

  public RecordingTask(String unitName, String roomId, RoomStore rooms, RecordingStore recordings, NodeEvents events,
                       RecordingBoard board, RecordOptions options, WriteFence lease, PolicyProxy proxy) {
    this.proxy = proxy;
    this.unitName = unitName;
    this.roomId = roomId;
    this.rooms = rooms;
    this.recordings = recordings;
    this.events = events;
    this.board = board;
    this.options = options;
    this.lease = lease;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> rooms.get(roomId)
            .orElseThrow(() -> new IllegalStateException("room " + roomId + " is not in the database")))
        .compose(room -> {
          SourceSpec source = SourceSpec.parse(room.sourceUrl());
          var bookkeeper = new RecordingBookkeeper(roomId, room.epoch(), recordings, events, vertx.eventBus(), board);
          // a room held from the master writes only under the node's lease; the node's own rooms always may
          WriteFence fence = room.heldFromMaster() ? lease : WriteFence.OPEN;
          recorder = new RoomRecorder(roomId, source, options, bookkeeper, Clock.systemUTC(), fence, proxy);
          board.waiting(roomId);
          thread = new Thread(this::runRecorder, "record-" + roomId);
          thread.start();
          log.info("[room {}] recording task started for {}", roomId, SourceSpec.redact(room.sourceUrl()));
          return Future.succeededFuture();
        });
  }

  private void runRecorder() {
    Throwable crash = null;
    try {
      recorder.run();
    } catch (Throwable t) {
      crash = t;
      log.error("[room {}] recorder crashed", roomId, t);
    } finally {
      // a blocked room keeps saying why on /api/rooms (also once TaskDoctor has let the finished task
      // go); it is tried again at the node's next start, or when it is added again
      if (!recorder.blocked()) board.gone(roomId);
    }
    if (stopping) return;
    if (crash == null && !recorder.blocked()) {
      try {
        rooms.markFinished(roomId);
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
    if (recorder == null) return Future.succeededFuture();
    recorder.requestStop();
    long waitMs = options.readTimeout().toMillis() + 10_000;
    return vertx.executeBlocking(() -> {
      thread.join(waitMs);
      if (thread.isAlive()) log.warn("[room {}] recorder did not stop within {} ms", roomId, waitMs);
      return null;
    });
  }
}
