package recfleet.node.api;

import recfleet.common.web.Replies;
import recfleet.common.web.RoomIdGuard;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import recfleet.node.record.RecordingBoard;
import recfleet.node.record.RoomService;

/**
 * NGlive's room API, kept verbatim for the clients that already use it: {@code /allroom},
 * {@code /getroom?roomid=}, {@code /addroom?roomid=[&url=]}, {@code /removeroom?roomid=}.
 */
final class NgliveRoutes {
  private final RoomService rooms;
  private final RecordingBoard board;

  NgliveRoutes(RoomService rooms, RecordingBoard board) {
    this.rooms = rooms;
    this.board = board;
  }

  void mount(Router router) {
    router.get("/allroom").handler(this::all);
    router.get("/getroom").handler(RoomIdGuard.query("roomid")).handler(this::get);
    router.get("/addroom").handler(RoomIdGuard.query("roomid")).handler(this::add);
    router.get("/removeroom").handler(RoomIdGuard.query("roomid")).handler(this::remove);
  }

  private void all(RoutingContext ctx) {
    rooms.list().onSuccess(list -> Replies.ok(ctx, list.stream().map(r -> RoomView.of(r, board, rooms.nodeId())).toList()))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void get(RoutingContext ctx) {
    String roomId = ctx.request().getParam("roomid");
    rooms.get(roomId).onSuccess(r -> Replies.ok(ctx, RoomView.of(r, board, rooms.nodeId())))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void add(RoutingContext ctx) {
    String roomId = ctx.request().getParam("roomid");
    rooms.add(roomId, ctx.request().getParam("url"), Map.of())
        .onSuccess(r -> Replies.ok(ctx, RoomView.of(r, board, rooms.nodeId())))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void remove(RoutingContext ctx) {
    String roomId = ctx.request().getParam("roomid");
    rooms.remove(roomId).onSuccess(v -> Replies.ok(ctx, Map.of("roomId", roomId)))
        .onFailure(err -> Replies.fail(ctx, err));
  }
}
