package recfleet.node.api;

import recfleet.common.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import recfleet.node.record.RecordingBoard;
import recfleet.node.record.RoomService;
import recfleet.node.store.JobStore;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.RoomStore;
import recfleet.node.upload.CoverMaker;
import recfleet.node.upload.StorageTarget;
import recfleet.node.webhook.WebhookRoutes;

/**
 * The node's one HTTP port: native API, NGlive's routes, {@code /ws}, the webhook targets, and the
 * routes of the master link (the embedded master's, or a forward link's).
 */
public final class ApiVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final RoomService rooms;
  private final RecordingStore recordings;
  private final JobStore jobs;
  private final RecordingBoard board;
  private final WorkerExecutor db;
  private final Path disk;
  private final java.util.function.Consumer<Router> linkRoutes;
  private final WebhookRoutes webhooks;
  private final StorageTarget storage;
  private final RoomStore roomStore;
  private final java.time.Duration liveCoverCache;
  private final java.time.Duration readTimeout;
  private final CoverMaker covers;
  private final recfleet.common.auth.AuthOptions auth;
  private HttpServer server;
  private Router router;

  public ApiVerticle(String host, int port, RoomService rooms, RecordingStore recordings, JobStore jobs,
                     RecordingBoard board, WorkerExecutor db, Path disk, java.util.function.Consumer<Router> linkRoutes,
                     WebhookRoutes webhooks, StorageTarget storage, RoomStore roomStore,
                     java.time.Duration liveCoverCache, java.time.Duration readTimeout, CoverMaker covers,
                     recfleet.common.auth.AuthOptions auth) {
    this.auth = auth;
    this.host = host;
    this.port = port;
    this.rooms = rooms;
    this.recordings = recordings;
    this.jobs = jobs;
    this.board = board;
    this.db = db;
    this.disk = disk;
    this.linkRoutes = linkRoutes;
    this.webhooks = webhooks;
    this.storage = storage;
    this.roomStore = roomStore;
    this.liveCoverCache = liveCoverCache;
    this.readTimeout = readTimeout;
    this.covers = covers;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    linkRoutes.accept(router); // first: the API-key gate, then a forward link claims /ws before the event socket
    new EventSocket(vertx).mount(router);
    new NgliveRoutes(rooms, board).mount(router);
    new NativeRoutes(rooms, recordings, jobs, board, db, vertx.eventBus(), disk).mount(router);
    webhooks.mount(router);
    new DownloadRoutes(vertx, recordings, storage, db).mount(router);
    new LiveCovers(roomStore, board, covers, vertx.createSharedWorkerExecutor("live-cover", 4),
        liveCoverCache, readTimeout, java.time.Clock.systemUTC()).mount(router);
    router.route().last().handler(ctx -> Replies.error(ctx, 404, 404, "no such route: " + ctx.request().path()));
    router.errorHandler(500, ctx -> Replies.fail(ctx, ctx.failure() == null ? new IllegalStateException("500") : ctx.failure()));
    router.errorHandler(413, ctx -> Replies.error(ctx, 413, NativeRoutes.BAD_BODY, "request body too large"));
    // a link socket (the forward link on /ws) carries link messages, which may be large
    server = vertx.createHttpServer(auth.serve(new io.vertx.core.http.HttpServerOptions()
        .setMaxWebSocketMessageSize(recfleet.common.link.LinkFrames.MAX_MESSAGE_BYTES)));
    return server.requestHandler(router).listen(port, host);
  }

  /** Every route this port serves, as the router holds them (the access matrix test walks them). */
  public java.util.List<io.vertx.ext.web.Route> routes() {
    return router.getRoutes();
  }

  /** The port actually bound (differs from the configured one when that is 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
