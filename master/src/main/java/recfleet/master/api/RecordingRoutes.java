package recfleet.master.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import recfleet.common.RoomId;
import recfleet.common.json.Jsons;
import recfleet.common.web.Replies;
import recfleet.common.web.RoomIdGuard;
import recfleet.common.ApiError;
import recfleet.master.FleetMaster;
import recfleet.master.fleet.FleetNode;
import recfleet.master.recordings.FleetRecording;

/**
 * The fleet's recordings, wherever they were written: {@code GET /api/recordings} (optionally
 * {@code ?room=}, {@code ?node=}, {@code ?limit=}), and the SRS DVR manager's
 * {@code GET /stream/query_record/{stream}}, whose URLs point at the node that holds each file.
 */
public final class RecordingRoutes {
  private final Vertx vertx;
  private final FleetMaster master;

  public RecordingRoutes(Vertx vertx, FleetMaster master) {
    this.vertx = vertx;
    this.master = master;
  }

  public void mount(Router router) {
    router.get("/api/recordings").handler(this::list);
    router.get("/stream/query_record/:stream").handler(RoomIdGuard.path("stream")).handler(this::queryRecord);
  }

  private void list(RoutingContext ctx) {
    Integer limit = FleetRoutes.limit(ctx);
    if (limit == null) return;
    String room = ctx.request().getParam("room");
    String node = ctx.request().getParam("node");
    for (String id : new String[] {room, node}) {
      if (id != null && !RoomId.isValid(id)) {
        Replies.fail(ctx, new ApiError(ApiError.BAD_ROOM, 400, "room and node are 1-64 letters, digits, '_' or '-'"));
        return;
      }
    }
    FleetRoutes.reply(ctx, vertx.executeBlocking(() -> master.store().recordings().list(room, node, limit))
        .map(rows -> rows.stream().map(RecordingRoutes::view).toList()));
  }

  /** SRS DVR manager's listing: the room's stored files, each with URLs on the node that holds it. */
  private void queryRecord(RoutingContext ctx) {
    String stream = ctx.pathParam("stream");
    vertx.executeBlocking(() -> master.store().recordings().ofRoom(stream))
        .compose(rows -> master.read(fleet -> rows.stream()
            .filter(r -> FleetRecording.STORED.equals(r.state()) && r.storedPath() != null)
            .map(r -> dvrFile(r, fleet.node(r.nodeId()))).toList()))
        .onSuccess(files -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("stream_name", stream);
          body.put("files", files);
          ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(Jsons.write(body));
        })
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private static Map<String, Object> dvrFile(FleetRecording r, FleetNode node) {
    String base = node == null || node.httpAddress() == null ? "" : "http://" + node.httpAddress();
    String name = nameOf(r.storedPath());
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("file_name", name);
    f.put("timestamp", r.openedAt() == null ? null : r.openedAt().getEpochSecond());
    f.put("file_size", r.fileSize());
    f.put("download_url", base + "/stream/record/d/" + name);
    f.put("play_url", base + "/stream/record/p/" + name);
    f.put("thumb_url", r.coverPath() == null ? null : base + "/stream/record/cover/" + nameOf(r.coverPath()));
    f.put("node", r.nodeId());
    return f;
  }

  private static Map<String, Object> view(FleetRecording r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("recordingId", r.recordingId());
    v.put("roomId", r.roomId());
    v.put("nodeId", r.nodeId());
    v.put("epoch", r.epoch());
    v.put("state", r.state());
    v.put("rawPath", r.rawPath());
    v.put("storedPath", r.storedPath());
    v.put("openedAt", r.openedAt() == null ? null : r.openedAt().toString());
    v.put("lastWriteAt", r.lastWriteAt() == null ? null : r.lastWriteAt().toString());
    v.put("fileSize", r.fileSize());
    v.put("durationMs", r.durationMs());
    v.put("coverPath", r.coverPath());
    return v;
  }

  private static String nameOf(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
