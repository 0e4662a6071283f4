package recfleet.node.api;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Map;
import recfleet.common.json.Jsons;
import recfleet.common.web.Replies;
import recfleet.node.modes.CameraTasks;

/**
 * camera.py's routes, word for word: {@code POST /start_task}, {@code POST /stop_task} and
 * {@code POST /query_task} with {@code {camera_id, task_name}}, and {@code GET /status/{camera_id}}.
 * Answers are camera.py's JSON: a {@code status} and the task's fields; 404 with {@code not_found},
 * 409 with {@code task_mismatch} (and {@code running_task}), 200 otherwise.
 */
final class CameraRoutes {
  private static final long MAX_BODY_BYTES = 16 * 1024;
  private final CameraTasks tasks;

  CameraRoutes(CameraTasks tasks) {
    this.tasks = tasks;
  }

  void mount(Router router) {
    BodyHandler body = BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false);
    router.post("/start_task").handler(body).handler(ctx -> withTask(ctx, tasks::start));
    router.post("/stop_task").handler(body).handler(ctx -> withTask(ctx, tasks::stop));
    router.post("/query_task").handler(body).handler(ctx -> withTask(ctx, tasks::query));
    router.get("/status/:camera_id").handler(ctx -> send(ctx, tasks.status(camera(ctx.pathParam("camera_id")))));
  }

  private interface TaskCall {
    Future<CameraTasks.Reply> call(String camera, String task);
  }

  private void withTask(RoutingContext ctx, TaskCall call) {
    JsonObject json;
    try {
      String text = ctx.body().asString();
      json = text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
    } catch (DecodeException e) {
      ctx.response().setStatusCode(400).putHeader("content-type", "application/json; charset=utf-8")
          .end(Jsons.write(Map.of("status", "failed", "error", "the body is not a JSON object: {camera_id, task_name}")));
      return;
    }
    Object task = json.getValue("task_name");
    send(ctx, call.call(camera(json.getValue("camera_id")), task == null ? null : String.valueOf(task)));
  }

  /** Camera ids are [CAMERAS] keys, which config files spell in lower case. */
  private static String camera(Object id) {
    return id == null ? null : String.valueOf(id).strip().toLowerCase(Locale.ROOT);
  }

  private static void send(RoutingContext ctx, Future<CameraTasks.Reply> reply) {
    reply.onSuccess(r -> ctx.response().setStatusCode(r.httpStatus())
            .putHeader("content-type", "application/json; charset=utf-8").end(Jsons.write(r.body())))
        .onFailure(err -> Replies.fail(ctx, err));
  }
}
