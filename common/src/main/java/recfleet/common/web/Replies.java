package recfleet.common.web;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.json.Jsons;
import recfleet.common.ApiError;

/** JSON answers: {@code {"code":0,"message":"ok","data":...}} on success, a code and a message on error. */
public final class Replies {
  private static final Logger log = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  public static void ok(RoutingContext ctx, Object data) {
    send(ctx, 200, body(0, "ok", data));
  }

  public static void created(RoutingContext ctx, Object data) {
    send(ctx, 201, body(0, "ok", data));
  }

  public static void error(RoutingContext ctx, int status, int code, String message) {
    send(ctx, status, body(code, message, null));
  }

  /** A request on a WebSocket route that was not a WebSocket upgrade (a plain GET, a bad handshake). */
  public static void notAWebSocket(RoutingContext ctx) {
    if (!ctx.response().ended()) error(ctx, 400, 400, "WebSocket upgrade expected");
  }

  /** Maps a failure to its answer; unexpected failures are logged and told as a plain 500. */
  public static void fail(RoutingContext ctx, Throwable err) {
    if (err instanceof ApiError re) {
      log.info("{} {} refused: {} {}", ctx.request().method(), ctx.request().path(), re.code(), re.getMessage());
      error(ctx, re.httpStatus(), re.code(), re.getMessage());
    } else {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), err);
      error(ctx, 500, 500, "internal error; see the log");
    }
  }

  private static Map<String, Object> body(int code, String message, Object data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    if (data != null) body.put("data", data);
    return body;
  }

  private static void send(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
        .end(Jsons.write(body));
  }
}
