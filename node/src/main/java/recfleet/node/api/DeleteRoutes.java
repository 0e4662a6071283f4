package recfleet.node.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import recfleet.common.web.Replies;
import recfleet.node.upload.RecordingDeleter;

/** {@code DELETE /api/recordings/{id}}: a recording gone from the storage, the disk and the catalog. */
final class DeleteRoutes {
  private final RecordingDeleter deleter;
  private final WorkerExecutor db;

  DeleteRoutes(RecordingDeleter deleter, WorkerExecutor db) {
    this.deleter = deleter;
    this.db = db;
  }

  void mount(Router router) {
    // storage calls (WebDAV) may take a while: not on the database's few workers' queue ahead of reads
    router.delete("/api/recordings/:id").handler(ctx -> db.executeBlocking(() -> deleter.delete(ctx.pathParam("id")), false)
        .onSuccess(data -> Replies.ok(ctx, data)).onFailure(err -> Replies.fail(ctx, err)));
  }
}
