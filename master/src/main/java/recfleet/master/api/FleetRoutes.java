package recfleet.master.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.Printable;
import recfleet.common.ApiError;
import recfleet.common.RoomId;
import recfleet.common.SourceSpec;
import recfleet.common.web.EventStreamSocket;
import recfleet.common.web.Replies;
import recfleet.common.web.RoomIdGuard;
import recfleet.master.FleetMaster;
import recfleet.master.fleet.Fleet;
import recfleet.master.fleet.FleetNode;
import recfleet.master.fleet.Placement;
import recfleet.master.fleet.WantedRoom;

/**
 * The standalone master's API: nodes with their latest figures, rooms with their node and state,
 * assignments, drain, the event log and the event stream ({@code /ws}); plus NGlive's
 * {@code /addroom}, {@code /removeroom}, {@code /allroom} and {@code /getroom}, so a client of a
 * single NGlive box can drive a whole fleet unchanged.
 */
public final class FleetRoutes {
  private static final Logger log = LoggerFactory.getLogger(FleetRoutes.class);
  private final Vertx vertx;
  private final FleetMaster master;

  public FleetRoutes(Vertx vertx, FleetMaster master) {
    this.vertx = vertx;
    this.master = master;
  }

  public void mount(Router router) {
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
    mountNodeRoutes(router);
    router.get("/api/rooms").handler(this::listRooms);
    router.get("/api/rooms/:id").handler(RoomIdGuard.path("id")).handler(ctx -> getRoom(ctx, ctx.pathParam("id")));
    router.post("/api/rooms").handler(this::addFromJson);
    router.delete("/api/rooms/:id").handler(RoomIdGuard.path("id")).handler(ctx -> removeRoom(ctx, ctx.pathParam("id")));
    router.get("/api/assignments").handler(ctx -> reply(ctx, master.read(FleetRoutes::assignments)));
    router.get("/api/events").handler(this::events);
    router.get("/allroom").handler(this::listRooms);
    router.get("/getroom").handler(RoomIdGuard.query("roomid")).handler(ctx -> getRoom(ctx, ctx.request().getParam("roomid")));
    router.get("/addroom").handler(RoomIdGuard.query("roomid")).handler(ctx -> addRoom(ctx, ctx.request().getParam("roomid"), ctx.request().getParam("url"),
        Map.of(), ctx.request().getParam("node"), ctx.request().getParam("label")));
    router.get("/removeroom").handler(RoomIdGuard.query("roomid")).handler(ctx -> removeRoom(ctx, ctx.request().getParam("roomid")));
    router.get("/ws").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(ws -> EventStreamSocket.subscribe(vertx, Addresses.MASTER_EVT_JSON, ws))
        .onFailure(err -> Replies.notAWebSocket(ctx)));
  }

  /** The nodes and their drain: a single node with its embedded master serves these too. */
  public void mountNodeRoutes(Router router) {
    router.get("/api/nodes").handler(ctx -> reply(ctx, master.read(f -> f.nodes().stream().map(n -> nodeView(f, n)).toList())));
    router.post("/api/nodes/:id/drain").handler(ctx -> drain(ctx, true));
    router.post("/api/nodes/:id/undrain").handler(ctx -> drain(ctx, false));
  }

  private void addFromJson(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      Replies.fail(ctx, new ApiError(ApiError.BAD_OPTIONS, 400, "body must be a JSON object"));
      return;
    }
    if (body == null) {
      Replies.fail(ctx, new ApiError(ApiError.BAD_OPTIONS, 400, "body must be a JSON object"));
      return;
    }
    for (String field : body.fieldNames()) {
      if (!List.of("roomId", "url", "options", "pinNode", "pinLabel").contains(field)) {
        Replies.fail(ctx, new ApiError(ApiError.BAD_OPTIONS, 400, "unknown field '" + Printable.clip(field, 40)
            + "'; known: roomId, url, options, pinNode, pinLabel"));
        return;
      }
    }
    Object options = body.getValue("options");
    if (options != null && !(options instanceof JsonObject)) {
      Replies.fail(ctx, new ApiError(ApiError.BAD_OPTIONS, 400, "options must be a JSON object"));
      return;
    }
    Object roomId = body.getValue("roomId");
    if (!(roomId instanceof String)) {
      Replies.fail(ctx, new ApiError(ApiError.BAD_ROOM, 400, "roomId (string) is required"));
      return;
    }
    for (String field : List.of("url", "pinNode", "pinLabel")) {
      Object value = body.getValue(field);
      if (value != null && !(value instanceof String)) {
        Replies.fail(ctx, new ApiError(ApiError.BAD_OPTIONS, 400, field + " must be a string"));
        return;
      }
    }
    addRoom(ctx, (String) roomId, body.getString("url"), options == null ? Map.of() : ((JsonObject) options).getMap(),
        body.getString("pinNode"), body.getString("pinLabel"));
  }

  private void listRooms(RoutingContext ctx) {
    reply(ctx, master.read(f -> f.rooms().stream().map(r -> roomView(f, r)).toList()));
  }

  private void addRoom(RoutingContext ctx, String roomId, String url, Map<String, Object> options, String pinNode,
                       String pinLabel) {
    if (!RoomId.isValid(roomId)) {
      Replies.fail(ctx, new ApiError(ApiError.BAD_ROOM, 400,
          "bad room id '" + Printable.clip(roomId, 64) + "': 1-64 letters, digits, '_' or '-'"));
      return;
    }
    if (url == null || url.isBlank()) {
      Replies.fail(ctx, new ApiError(ApiError.BAD_ROOM, 400, "room " + roomId + " needs url= (its live source)"));
      return;
    }
    try {
      SourceSpec.parse(url);
    } catch (IllegalArgumentException e) {
      Replies.fail(ctx, new ApiError(ApiError.BAD_ROOM, 400, "room " + roomId + ": " + e.getMessage()));
      return;
    }
    if ((pinNode != null && !RoomId.isValid(pinNode)) || (pinLabel != null && !RoomId.isValid(pinLabel))) {
      Replies.fail(ctx, new ApiError(ApiError.BAD_ROOM, 400, "room " + roomId + ": bad node or label to pin to"));
      return;
    }
    WantedRoom room = new WantedRoom(roomId, url.strip(), options, blankToNull(pinNode), blankToNull(pinLabel),
        Instant.now());
    master.change(f -> f.add(room))
        .compose(c -> master.read(f -> roomView(f, f.room(roomId))))
        .onSuccess(view -> {
          log.info("[room {}] wanted, source {}", roomId, SourceSpec.redact(url));
          Replies.ok(ctx, view);
        })
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void removeRoom(RoutingContext ctx, String roomId) {
    master.change(f -> f.remove(roomId)).onSuccess(c -> {
      log.info("[room {}] no longer wanted", roomId);
      Replies.ok(ctx, Map.of("roomId", roomId));
    }).onFailure(err -> Replies.fail(ctx, err));
  }

  private void getRoom(RoutingContext ctx, String roomId) {
    reply(ctx, master.read(f -> {
      WantedRoom r = roomId == null ? null : f.room(roomId);
      if (r == null) throw new ApiError(ApiError.NO_SUCH_ROOM, 404, "no such room: " + Printable.clip(roomId, 64));
      return roomView(f, r);
    }));
  }

  private void drain(RoutingContext ctx, boolean drain) {
    String nodeId = ctx.pathParam("id");
    master.change(f -> f.drain(nodeId, drain))
        .compose(c -> master.read(f -> nodeView(f, f.node(nodeId))))
        .onSuccess(view -> Replies.ok(ctx, view))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void events(RoutingContext ctx) {
    Integer limit = limit(ctx);
    if (limit != null) reply(ctx, vertx.executeBlocking(() -> master.store().recentEvents(limit)));
  }

  /** The {@code limit} parameter, 1 to 1000 (100 when absent); null after answering 400 to a bad one. */
  static Integer limit(RoutingContext ctx) {
    try {
      return Math.max(1, Math.min(1000, Integer.parseInt(ctx.request().getParam("limit", "100"))));
    } catch (NumberFormatException e) {
      Replies.fail(ctx, new ApiError(ApiError.BAD_OPTIONS, 400, "limit must be a number"));
      return null;
    }
  }

  static void reply(RoutingContext ctx, Future<?> result) {
    result.onSuccess(data -> Replies.ok(ctx, data)).onFailure(err -> Replies.fail(ctx, err));
  }

  static Map<String, Object> nodeView(Fleet fleet, FleetNode n) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("nodeId", n.nodeId());
    v.put("state", n.state().name());
    v.put("linkMode", n.linkMode());
    v.put("httpAddress", n.httpAddress());
    v.put("labels", n.labels());
    v.put("capacity", n.capacity());
    v.put("drained", n.drained());
    v.put("rooms", fleet.roomsOn(n.nodeId()).size());
    v.put("lastSeen", Instant.ofEpochMilli(n.lastSeenMs()).toString());
    var f = n.figures();
    if (f != null) {
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("cpuLoad", f.cpuLoad());
      figures.put("heapUsedBytes", f.heapUsedBytes());
      figures.put("heapMaxBytes", f.heapMaxBytes());
      figures.put("diskFreeBytes", f.diskFreeBytes());
      figures.put("activeRecordings", f.activeRecordings());
      figures.put("ingressBitsPerSecond", f.ingressBitsPerSecond());
      v.put("figures", figures);
    }
    return v;
  }

  static Map<String, Object> roomView(Fleet fleet, WantedRoom r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("roomId", r.roomId());
    v.put("source", SourceSpec.redact(r.source()));
    v.put("pinNode", r.pinNode());
    v.put("pinLabel", r.pinLabel());
    Placement p = fleet.placement(r.roomId());
    v.put("nodeId", p == null ? null : p.nodeId());
    v.put("epoch", p == null ? null : p.epoch());
    String state = p == null ? "WAITING" : p.moving() ? "MOVING" : fleet.recording(p) ? "RECORDING" : "ASSIGNED";
    v.put("state", state);
    return v;
  }

  static List<Map<String, Object>> assignments(Fleet fleet) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Placement p : fleet.placements()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("roomId", p.roomId());
      v.put("nodeId", p.nodeId());
      v.put("epoch", p.epoch());
      v.put("assignedAt", Instant.ofEpochMilli(p.assignedAtMs()).toString());
      v.put("stored", p.durable());
      v.put("moving", p.moving());
      out.add(v);
    }
    out.sort((a, b) -> ((String) a.get("roomId")).compareTo((String) b.get("roomId")));
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
