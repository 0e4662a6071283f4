package recfleet.common.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import recfleet.common.Printable;
import recfleet.common.ApiError;
import recfleet.common.RoomId;

/**
 * The first handler of every route that takes a room id, on the node and on the master: a
 * malformed id is NGlive's 4031 before anything is looked up, so {@code /getroom?roomid=-1} and
 * {@code /addroom?roomid=-1} say the same thing (an unknown but well-formed id stays 4042).
 */
public final class RoomIdGuard {
  private RoomIdGuard() {}

  /** The id in the path parameter {@code name}. */
  public static Handler<RoutingContext> path(String name) {
    return ctx -> check(ctx, ctx.pathParam(name), name, true);
  }

  /** The id in the query parameter {@code name}, which must be there. */
  public static Handler<RoutingContext> query(String name) {
    return ctx -> check(ctx, ctx.request().getParam(name), name, true);
  }

  /** The id in the query parameter {@code name}, if it is there (a filter). */
  public static Handler<RoutingContext> optionalQuery(String name) {
    return ctx -> check(ctx, ctx.request().getParam(name), name, false);
  }

  private static void check(RoutingContext ctx, String value, String name, boolean required) {
    if ((value == null && !required) || RoomId.isValid(value)) {
      ctx.next();
      return;
    }
    String why = value == null || value.isEmpty() ? name + " is required"
        : name + " '" + Printable.clip(value, 70) + "' is not a room id (1-64 letters, digits, '_' or '-',"
            + " starting with a letter or digit)";
    Replies.fail(ctx, new ApiError(ApiError.BAD_ROOM, 400, why));
  }
}
