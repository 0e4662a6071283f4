package recfleet.node.api;

import recfleet.common.web.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import recfleet.node.webhook.WebhookRoutes;

/**
 * The node's one HTTP port: native API, NGlive's routes, {@code /ws}, the webhook targets, and the
 * routes of the master link (the embedded master's, or a forward link's).
 */
public final class ApiVerticle extends VerticleBase {
  private final ApiOptions options;
  private final ApiParts parts;
  private final java.util.function.Consumer<Router> linkRoutes;
  private final WebhookRoutes webhooks;
  private HttpServer server;
  private Router router;

  /** {@code linkRoutes} mounts first: the API-key gate, then the master link's routes (embedded or forward). */
  public ApiVerticle(ApiOptions options, ApiParts parts, java.util.function.Consumer<Router> linkRoutes,
                     WebhookRoutes webhooks) {
    this.options = options;
    this.parts = parts;
    this.linkRoutes = linkRoutes;
    this.webhooks = webhooks;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    linkRoutes.accept(router); // first: the API-key gate, then a forward link claims /ws before the event socket
    new EventSocket(vertx).mount(router);
    var stores = parts.stores();
    new NgliveRoutes(parts.rooms(), parts.board()).mount(router);
    new NativeRoutes(parts.rooms(), stores.recordings(), stores.jobs(), parts.board(), parts.dbWorkers(),
        vertx.eventBus(), options.disk()).mount(router);
    webhooks.mount(router);
    new CaptureRoutes(parts.capturers(), stores.captures(), stores.recordings(), stores.rooms(), parts.events(),
        parts.dbWorkers(), java.time.Clock.systemUTC(), parts.events().zone()).mount(router);
    new CameraRoutes(parts.cameraTasks()).mount(router);
    var deleter = new recfleet.node.upload.RecordingDeleter(parts.storage(), stores.recordings(), stores.jobs(),
        parts.events(), options.disk());
    new DeleteRoutes(deleter, vertx).mount(router);
    new MonibucaRoutes(new recfleet.node.modes.MonibucaRecords(new recfleet.node.modes.MonibucaRecords.Parts(
        stores.rooms(), stores.recordings(), stores.captures(), parts.capturers(), deleter, parts.events(),
        parts.dbWorkers()), java.time.Clock.systemUTC(), parts.events().zone()), parts.dbWorkers(),
        parts.events().zone()).mount(router);
    new DownloadRoutes(vertx, stores.recordings(), parts.storage(), parts.dbWorkers()).mount(router);
    var stills = new LiveStills(stores.rooms(), parts.rings(), parts.covers(), options.readTimeout(),
        options.disk().resolve(".live-covers"));
    new LiveCovers(parts.board(), stills, vertx.createSharedWorkerExecutor("live-cover", 4), options.liveCoverCache(),
        java.time.Clock.systemUTC()).mount(router);
    router.route().last().handler(ctx -> Replies.error(ctx, 404, 404, "no such route: " + ctx.request().path()));
    router.errorHandler(500, ctx -> Replies.fail(ctx, ctx.failure() == null ? new IllegalStateException("500") : ctx.failure()));
    router.errorHandler(413, ctx -> Replies.error(ctx, 413, NativeRoutes.BAD_BODY, "request body too large"));
    // a link socket (the forward link on /ws) carries link messages, which may be large
    server = vertx.createHttpServer(options.auth().serve(new io.vertx.core.http.HttpServerOptions()
        .setMaxWebSocketMessageSize(recfleet.common.link.LinkFrames.MAX_MESSAGE_BYTES)));
    return server.requestHandler(router).listen(options.port(), options.host());
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
