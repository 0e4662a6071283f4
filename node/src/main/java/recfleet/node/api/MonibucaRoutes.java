package recfleet.node.api;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import recfleet.common.ApiError;
import recfleet.common.json.Jsons;
import recfleet.common.web.Replies;
import recfleet.node.modes.EventRequest;
import recfleet.node.modes.MonibucaRecords;

/**
 * Monibuca's MP4 plugin routes, word for word: {@code GET /mp4/api/list/{streamPath}},
 * {@code POST /mp4/api/start/{streamPath}} and {@code /stop/{streamPath}},
 * {@code POST /mp4/api/delete/{streamPath}} {@code {ids}}, {@code POST /mp4/api/event/start} and
 * {@code GET /mp4/api/catalog}. A stream path may hold '/' ({@code live/camera1}).
 */
final class MonibucaRoutes {
  private static final String PREFIX = "/mp4/api/";
  private final MonibucaRecords records;
  private final WorkerExecutor db;
  private final ZoneId zone;

  MonibucaRoutes(MonibucaRecords records, WorkerExecutor db, ZoneId zone) {
    this.records = records;
    this.db = db;
    this.zone = zone;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false);
    router.post(PREFIX + "event/start").handler(body).handler(ctx -> {
      EventRequest e;
      try {
        e = EventRequest.parse(json(ctx));
      } catch (IllegalArgumentException | DecodeException ex) {
        Replies.error(ctx, 400, ApiError.BAD_OPTIONS, ex.getMessage());
        return;
      }
      send(ctx, records.eventStart(e));
    });
    router.get(PREFIX + "catalog").handler(ctx -> send(ctx, db.executeBlocking(records::catalog)));
    router.get(PREFIX + "list/*").handler(ctx -> send(ctx, db.executeBlocking(() -> records.list(path(ctx, "list/"),
        time(ctx, "start"), time(ctx, "end"), number(ctx, "pageNum"), number(ctx, "pageSize")))));
    router.post(PREFIX + "start/*").handler(body).handler(ctx -> send(ctx, records.start(path(ctx, "start/"))));
    router.post(PREFIX + "stop/*").handler(body).handler(ctx -> send(ctx, records.stop(path(ctx, "stop/"))));
    router.post(PREFIX + "delete/*").handler(body).handler(ctx -> {
      List<Long> ids = new ArrayList<>();
      try {
        JsonArray raw = json(ctx).getJsonArray("ids", new JsonArray());
        for (Object id : raw) ids.add(((Number) id).longValue());
      } catch (ClassCastException | DecodeException e) {
        Replies.error(ctx, 400, ApiError.BAD_OPTIONS, "ids must be a list of numbers");
        return;
      }
      // storage calls (WebDAV) may take a while: on the shared worker pool, not the database's few workers
      send(ctx, ctx.vertx().executeBlocking(() -> records.delete(path(ctx, "delete/"), ids), false));
    });
  }

  /** The stream path after the route's own words; a bad one names no stream (404). */
  private static String path(RoutingContext ctx, String after) {
    return ctx.normalizedPath().substring(PREFIX.length() + after.length());
  }

  private static JsonObject json(RoutingContext ctx) {
    String text = ctx.body().asString();
    return text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
  }

  /** Monibuca's time filters: epoch seconds or an ISO-8601 time; absent: open. */
  private OffsetDateTime time(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isBlank()) return null;
    try {
      return v.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(v)).atZone(zone).toOffsetDateTime()
          : OffsetDateTime.parse(v);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ApiError(ApiError.BAD_OPTIONS, 400, name + " '" + v + "' is not epoch seconds or an ISO-8601 time");
    }
  }

  private static int number(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    try {
      return v == null || v.isBlank() ? 0 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ApiError(ApiError.BAD_OPTIONS, 400, name + " '" + v + "' is not a number");
    }
  }

  private static void send(RoutingContext ctx, Future<Map<String, Object>> reply) {
    reply.onSuccess(body -> ctx.response().putHeader("content-type", "application/json; charset=utf-8")
            .end(Jsons.write(body)))
        .onFailure(err -> Replies.fail(ctx, err));
  }
}
