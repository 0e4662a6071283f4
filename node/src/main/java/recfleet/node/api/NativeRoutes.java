package recfleet.node.api;

import recfleet.common.web.Replies;
import recfleet.common.web.RoomIdGuard;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import recfleet.common.Addresses;
import recfleet.common.json.Jsons;
import recfleet.node.link.SystemFigures;
import recfleet.node.record.RecordingBoard;
import recfleet.common.ApiError;
import recfleet.node.record.RoomService;
import recfleet.node.store.JobStore;
import recfleet.node.store.RecordingStore;

/** The native JSON API under {@code /api}: rooms, recordings, the blacklist and system figures. */
final class NativeRoutes {
  /** Bad request bodies get this code; NGlive's codes cover only room problems. */
  static final int BAD_BODY = 4000;
  private static final long MAX_BODY_BYTES = 64 * 1024;

  record AddRoom(String roomId, String url, Map<String, Object> options) {}

  record BlacklistEntry(String reason) {}

  private final RoomService rooms;
  private final RecordingStore recordings;
  private final JobStore jobs;
  private final RecordingBoard board;
  private final WorkerExecutor db;
  private final EventBus bus;
  private final java.nio.file.Path disk;

  NativeRoutes(RoomService rooms, RecordingStore recordings, JobStore jobs, RecordingBoard board, WorkerExecutor db,
               EventBus bus, java.nio.file.Path disk) {
    this.rooms = rooms;
    this.recordings = recordings;
    this.jobs = jobs;
    this.board = board;
    this.db = db;
    this.bus = bus;
    this.disk = disk;
  }

  void mount(Router router) {
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
    router.get("/api/rooms").handler(ctx -> rooms.list()
        .onSuccess(list -> Replies.ok(ctx, list.stream().map(r -> RoomView.of(r, board, rooms.nodeId())).toList()))
        .onFailure(err -> Replies.fail(ctx, err)));
    router.get("/api/rooms/:roomId").handler(RoomIdGuard.path("roomId")).handler(ctx -> rooms.get(ctx.pathParam("roomId"))
        .onSuccess(r -> Replies.ok(ctx, RoomView.of(r, board, rooms.nodeId())))
        .onFailure(err -> Replies.fail(ctx, err)));
    router.post("/api/rooms").handler(this::addRoom);
    router.delete("/api/rooms/:roomId").handler(RoomIdGuard.path("roomId")).handler(ctx -> rooms.remove(ctx.pathParam("roomId"))
        .onSuccess(v -> Replies.ok(ctx, Map.of("roomId", ctx.pathParam("roomId"))))
        .onFailure(err -> Replies.fail(ctx, err)));

    router.get("/api/recordings").handler(RoomIdGuard.optionalQuery("room")).handler(this::listRecordings);
    router.get("/api/recordings/:id").handler(ctx -> db.executeBlocking(() -> recordings.get(ctx.pathParam("id")))
        .onSuccess(r -> {
          if (r.isPresent()) Replies.ok(ctx, r.get());
          else Replies.error(ctx, 404, ApiError.NO_SUCH_ROOM, "no such recording: " + ctx.pathParam("id"));
        })
        .onFailure(err -> Replies.fail(ctx, err)));

    router.get("/api/blacklist").handler(ctx -> rooms.blacklist()
        .onSuccess(map -> Replies.ok(ctx, map)).onFailure(err -> Replies.fail(ctx, err)));
    router.put("/api/blacklist/:roomId").handler(RoomIdGuard.path("roomId")).handler(this::blacklistRoom);
    router.delete("/api/blacklist/:roomId").handler(RoomIdGuard.path("roomId")).handler(ctx -> rooms.removeFromBlacklist(ctx.pathParam("roomId"))
        .onSuccess(removed -> {
          if (removed) Replies.ok(ctx, Map.of("roomId", ctx.pathParam("roomId")));
          else Replies.error(ctx, 404, ApiError.NO_SUCH_ROOM, "room " + ctx.pathParam("roomId") + " is not blacklisted");
        })
        .onFailure(err -> Replies.fail(ctx, err)));

    router.get("/api/system").handler(this::system);
  }

  private void addRoom(RoutingContext ctx) {
    AddRoom req;
    try {
      String text = ctx.body().asString();
      if (text == null || text.isBlank()) throw new IllegalArgumentException("the body is empty; send {\"roomId\":..., \"url\":...}");
      req = Jsons.MAPPER.readValue(text, AddRoom.class);
    } catch (Exception e) {
      Replies.error(ctx, 400, BAD_BODY, "bad request body: " + Jsons.describe(e));
      return;
    }
    rooms.add(req.roomId(), req.url(), req.options())
        .onSuccess(r -> Replies.created(ctx, RoomView.of(r, board, rooms.nodeId())))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void blacklistRoom(RoutingContext ctx) {
    String text = ctx.body().asString();
    String reason = "";
    if (text != null && !text.isBlank()) {
      try {
        reason = Jsons.MAPPER.readValue(text, BlacklistEntry.class).reason();
      } catch (Exception e) {
        Replies.error(ctx, 400, BAD_BODY, "bad request body: " + Jsons.describe(e));
        return;
      }
    }
    rooms.addToBlacklist(ctx.pathParam("roomId"), reason)
        .onSuccess(added -> Replies.ok(ctx, Map.of("roomId", ctx.pathParam("roomId"), "added", added)))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void listRecordings(RoutingContext ctx) {
    String room = ctx.request().getParam("room");
    int limit;
    try {
      limit = Integer.parseInt(ctx.request().getParam("limit", "100"));
      if (limit < 1 || limit > 10_000) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      Replies.fail(ctx, new ApiError(BAD_BODY, 400, "limit must be a number from 1 to 10000"));
      return;
    }
    db.executeBlocking(() -> recordings.list(room, limit))
        .onSuccess(list -> Replies.ok(ctx, list))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void system(RoutingContext ctx) {
    db.executeBlocking(() -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("figures", SystemFigures.sample(disk));
      out.put("activeRecordings", board.activeRecordings());
      out.put("jobs", jobs.counts());
      return out;
    }).compose(out -> bus.request(Addresses.DOCTOR_STATUS, "").map(reply -> {
      out.put("doctor", ((io.vertx.core.json.JsonArray) reply.body()).stream()
          .map(unit -> ((io.vertx.core.json.JsonObject) unit).getMap()).toList());
      return out;
    })).onSuccess(out -> Replies.ok(ctx, out)).onFailure(err -> Replies.fail(ctx, err));
  }
}
