package recfleet.node.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import recfleet.common.web.Replies;
import recfleet.node.upload.RecordingDeleter;

/** {@code DELETE /api/recordings/{id}}: a recording gone from the storage, the disk and the catalog. */
final class DeleteRoutes {
  private final RecordingDeleter deleter;
  private final Vertx vertx;

  DeleteRoutes(RecordingDeleter deleter, Vertx vertx) {
    this.deleter = deleter;
    this.vertx = vertx;
  }

  void mount(Router router) {
    // storage calls (WebDAV) may take a while: on the shared worker pool, not the database's few workers
    router.delete("/api/recordings/:id").handler(ctx -> vertx.executeBlocking(() -> deleter.delete(ctx.pathParam("id")), false)
        .onSuccess(data -> Replies.ok(ctx, data)).onFailure(err -> Replies.fail(ctx, err)));
  }
}
