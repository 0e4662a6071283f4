package recfleet.node.api;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import recfleet.common.ApiError;
import recfleet.common.event.EventType;
import recfleet.common.web.Replies;
import recfleet.node.modes.CaptureEnds;
import recfleet.node.modes.CaptureRequest;
import recfleet.node.modes.CaptureWindow;
import recfleet.node.modes.Capturer;
import recfleet.node.modes.RoomCaptures;
import recfleet.node.notify.CaptureFacts;
import recfleet.node.notify.NodeEvents;
import recfleet.node.record.RoomRecordOptions;
import recfleet.node.store.Capture;
import recfleet.node.store.CaptureStore;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.RoomStore;

/**
 * Precise starts on on-demand rooms (Motion Media's StartRecording / StopRecording):
 * {@code POST /api/recordings/start} writes from the buffered keyframe at or before
 * {@code startTime} for {@code duration}; {@code POST /api/recordings/{id}/stop} ends it early;
 * {@code GET /api/captures/{id}} says where it is and which files it made. The first file takes
 * the capture's id, so {@code GET /api/recordings/{id}} follows it down the pipeline.
 */
final class CaptureRoutes {
  private final RoomCaptures capturers;
  private final CaptureStore captures;
  private final RecordingStore recordings;
  private final RoomStore rooms;
  private final NodeEvents events;
  private final WorkerExecutor db;
  private final Clock clock;
  private final ZoneId zone;
  private final CaptureEnds ends;

  CaptureRoutes(RoomCaptures capturers, CaptureStore captures, RecordingStore recordings, RoomStore rooms,
                NodeEvents events, WorkerExecutor db, Clock clock, ZoneId zone) {
    this.capturers = capturers;
    this.captures = captures;
    this.recordings = recordings;
    this.rooms = rooms;
    this.events = events;
    this.db = db;
    this.clock = clock;
    this.zone = zone;
    this.ends = new CaptureEnds(capturers, captures, events, db);
  }

  void mount(Router router) {
    router.post("/api/recordings/start").handler(this::start);
    router.post("/api/recordings/:id/stop").handler(this::stop);
    router.get("/api/captures/:id").handler(ctx -> db.executeBlocking(() -> view(found(ctx.pathParam("id")), null))
        .onSuccess(v -> Replies.ok(ctx, v)).onFailure(err -> Replies.fail(ctx, err)));
  }

  private void start(RoutingContext ctx) {
    CaptureRequest req;
    try {
      String text = ctx.body().asString();
      req = CaptureRequest.parse(text == null || text.isBlank() ? new JsonObject() : new JsonObject(text), clock.millis());
    } catch (DecodeException e) {
      Replies.error(ctx, 400, ApiError.BAD_OPTIONS, "the body is not a JSON object");
      return;
    } catch (ApiError e) {
      Replies.fail(ctx, e);
      return;
    }
    db.executeBlocking(() -> capturerFor(req))
        .compose(c -> c.start(req.captureId(), req.startMs(), req.endMs(), null))
        .compose(started -> db.executeBlocking(() -> stored(req, started)))
        .onSuccess(v -> Replies.ok(ctx, v)).onFailure(err -> Replies.fail(ctx, err));
  }

  /** Blocking: the room's capturer, or why the room takes no capture. */
  private Capturer capturerFor(CaptureRequest req) {
    if (captures.get(req.captureId()).isPresent() || recordings.get(req.captureId()).isPresent()) {
      throw new ApiError(ApiError.ID_TAKEN, 409, "recordingId " + req.captureId() + " is taken");
    }
    return capturers.get(req.roomId()).orElseThrow(() -> {
      var room = rooms.get(req.roomId())
          .orElseThrow(() -> new ApiError(ApiError.NO_SUCH_ROOM, 404, "no such room: " + req.roomId()));
      return RoomRecordOptions.onDemand(room.options())
          ? new ApiError(ApiError.NOTHING_BUFFERED, 409, "room " + req.roomId() + " is not connected to its source yet")
          : new ApiError(ApiError.NOT_ON_DEMAND, 409, "room " + req.roomId()
              + " records continuously; add it with options.record.mode = on_demand to start recordings on request");
    });
  }

  /** Blocking: the started capture, stored and announced. */
  private Map<String, Object> stored(CaptureRequest req, Capturer.CaptureStarted started) {
    Capture c = Capture.started(req.captureId(), req.roomId(), Capture.PRECISE, at(req.startMs()),
        at(started.keyframeArrivedAtMs()), req.endMs() == CaptureWindow.OPEN_ENDED ? null : at(req.endMs()),
        Capture.Labels.NONE, null, started.joinedTo());
    if (!captures.insert(c)) throw new ApiError(ApiError.ID_TAKEN, 409, "recordingId " + req.captureId() + " is taken");
    Map<String, Object> view = view(c, started.joined());
    events.publish(EventType.CaptureStarted, CaptureFacts.of(c, List.of()));
    return view;
  }

  private void stop(RoutingContext ctx) {
    db.executeBlocking(() -> found(ctx.pathParam("id")))
        .compose(ends::stop)
        .compose(c -> db.executeBlocking(() -> view(c, null)))
        .onSuccess(v -> Replies.ok(ctx, v)).onFailure(err -> Replies.fail(ctx, err));
  }

  private Capture found(String id) {
    return captures.get(id).orElseThrow(() -> new ApiError(ApiError.NO_SUCH_ROOM, 404, "no such recording: " + id));
  }

  /** Blocking (its files are read): the capture as the API shows it. */
  private Map<String, Object> view(Capture c, Boolean joined) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("recordingId", c.captureId());
    v.put("roomId", c.roomId());
    v.put("kind", c.kind());
    v.put("num", c.num());
    v.put("name", c.labels().name());
    v.put("description", c.labels().description());
    v.put("level", c.labels().level());
    v.put("state", c.state());
    v.put("requestedStart", c.requestedStart());
    v.put("startTime", c.startedAt());
    v.put("endsAt", c.endsAt());
    v.put("endedAt", c.endedAt());
    v.put("stopReason", c.stopReason());
    if (joined != null) v.put("joined", joined);
    v.put("files", captures.files(c.captureId()));
    return v;
  }

  private OffsetDateTime at(long epochMs) {
    return Instant.ofEpochMilli(epochMs).atZone(zone).toOffsetDateTime();
  }
}
