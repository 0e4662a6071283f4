package recfleet.node;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.WireTypes;
import recfleet.common.auth.AccessGuard;
import recfleet.common.store.H2Database;
import recfleet.master.MasterVerticle;
import recfleet.node.api.ApiVerticle;
import recfleet.node.doctor.TaskDoctor;
import recfleet.master.MasterRoutes;
import recfleet.node.link.ClusterTransport;
import recfleet.node.link.ForwardLinkRoutes;
import recfleet.node.link.HeartbeatVerticle;
import recfleet.node.link.LinkOptions;
import recfleet.node.link.LongPollDialer;
import recfleet.node.link.MasterLinkAgent;
import recfleet.node.link.ReverseDialer;
import recfleet.node.link.WriteLease;
import recfleet.node.notify.EventFanout;
import recfleet.node.notify.NodeEvents;
import recfleet.node.notify.NotifyHandler;
import recfleet.node.pipeline.StageVerticle;
import recfleet.node.record.InterruptedSegments;
import recfleet.node.record.NativeLibraries;
import recfleet.node.record.PolicyProxy;
import recfleet.node.record.RecordingBoard;
import recfleet.node.record.RecordingTask;
import recfleet.node.record.RoomService;
import recfleet.node.store.JobStore;
import recfleet.node.store.NodeDatabase;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.RoomStore;
import recfleet.node.store.Stage;
import recfleet.node.transcode.TranscodeHandler;
import recfleet.node.upload.CoverMaker;
import recfleet.node.upload.LocalStorage;
import recfleet.node.upload.QuotaKeeper;
import recfleet.node.upload.StorageTarget;
import recfleet.node.upload.WebDavStorage;
import recfleet.node.upload.UploadHandler;
import recfleet.node.store.WebhookEvents;
import recfleet.node.webhook.Settling;
import recfleet.node.webhook.WebhookIntake;
import recfleet.node.webhook.WebhookRoutes;

/**
 * Wires a node together: opens and migrates the database, recovers what a crash left behind,
 * then deploys the master (when embedded), the event fan-out, TaskDoctor (which deploys the
 * stages and recording tasks), the heartbeat and the HTTP API, and resumes every stored room.
 */
public final class RecorderNode {
  private static final Logger log = LoggerFactory.getLogger(RecorderNode.class);

  private final Vertx vertx;
  private final NodeOptions options;
  private final java.util.function.Supplier<String> clusterMember;
  private final WriteLease lease = new WriteLease();
  private MasterLinkAgent agent;
  private NodeDatabase db;
  private WebhookEvents webhookEvents;
  private WorkerExecutor dbWorkers;
  private ApiVerticle api;
  private RoomService rooms;
  private final java.util.Deque<String> deployed = new java.util.ArrayDeque<>();
  private long ageCheckTimer = -1;
  private long compactTimer = -1;
  /** The hourly age check under way, if any: a stop waits for it before closing the database. */
  private volatile Future<Void> ageCheck = Future.succeededFuture();

  private RecorderNode(Vertx vertx, NodeOptions options, java.util.function.Supplier<String> clusterMember) {
    this.vertx = vertx;
    this.options = options;
    this.clusterMember = clusterMember;
  }

  public static Future<RecorderNode> start(Vertx vertx, NodeOptions options) {
    return start(vertx, options, () -> null);
  }

  /** {@code clusterMember}: this process's current cluster member id when its bus is clustered, else null. */
  public static Future<RecorderNode> start(Vertx vertx, NodeOptions options,
                                           java.util.function.Supplier<String> clusterMember) {
    RecorderNode node = new RecorderNode(vertx, options, clusterMember);
    return node.boot().map(node);
  }

  private Future<Void> boot() {
    WireTypes.register(vertx);
    // FFmpeg's own chatter (stream banners, encoder stats) would drown the node's log.
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
    dbWorkers = vertx.createSharedWorkerExecutor("node-db", 4);
    return vertx.executeBlocking(this::openAndRecover).compose(v -> deployAll());
  }

  private Void openAndRecover() throws IOException {
    NativeLibraries.reportDevices();
    Files.createDirectories(options.worksPath());
    db = NodeDatabase.open(options.dataDir());
    var recordings = new RecordingStore(db);
    var jobs = new JobStore(db, Clock.systemUTC());
    int requeued = jobs.requeueInterrupted();
    int recovered = InterruptedSegments.recover(recordings, options.worksPath(), options.record().zone());
    var roomStore = new RoomStore(db);
    for (String id : options.blacklist()) roomStore.addToBlacklist(id, "config [RECORD] blacklist");
    log.info("[node {}] database ready; {} interrupted job(s) requeued, {} open segment(s) recovered",
        options.nodeId(), requeued, recovered);
    return null;
  }

  private Future<Void> deployAll() {
    var events = new NodeEvents(vertx.eventBus(), options.nodeId(), options.record().zone());
    var roomStore = new RoomStore(db);
    var recordings = new RecordingStore(db);
    var jobs = new JobStore(db, Clock.systemUTC());
    var board = new RecordingBoard();
    rooms = new RoomService(vertx, dbWorkers, roomStore, events, options.sourceTemplate(), options.transcode(),
        options.record().sources());

    StorageTarget storage = options.webdav() != null ? new WebDavStorage(options.webdav())
        : new LocalStorage(options.outputDir());
    var quota = new QuotaKeeper(storage, recordings, events, options.maxStorageBytes(), options.maxAge(),
        Clock.systemUTC());
    // The age limit also applies while nothing is uploaded: check it every hour.
    ageCheckTimer = vertx.setPeriodic(3_600_000, id -> {
      if (ageCheck.isComplete()) {
        ageCheck = vertx.executeBlocking(() -> {
          quota.enforce();
          return null;
        }, false);
      }
    });
    // the store only appends (see H2Database): every few minutes its garbage is compacted away
    compactTimer = vertx.setPeriodic(H2Database.COMPACT_EVERY.toMillis(),
        id -> dbWorkers.executeBlocking(db::compactIfSparse, false));
    var covers = new CoverMaker(options.coverWidth());
    Map<String, Supplier<Deployable>> stages = new LinkedHashMap<>();
    stages.put("stage:transcode", () -> new StageVerticle("stage:transcode", Stage.TRANSCODE,
        new TranscodeHandler(options.worksPath(), storage,
            new Settling(options.webhook().settleTime(), options.webhook().settleTimeout(), Clock.systemUTC()),
            recordings, roomStore, events, options.transcode(),
            options.deleteSourceAfterTranscode(), options.webhook().deleteSource(), options.transcodeNice()),
        () -> null, jobs, options.transcodePump()));
    stages.put("stage:upload", () -> new StageVerticle("stage:upload", Stage.UPLOAD,
        new UploadHandler(options.worksPath(), storage, recordings, events, covers,
            options.coverDir(), options.deleteLocalAfterUpload(), quota),
        () -> {
          storage.checkReady();
          return null;
        }, jobs, options.uploadPump()));
    stages.put("stage:notify", () -> new StageVerticle("stage:notify", Stage.NOTIFY,
        new NotifyHandler(recordings, events), () -> null, jobs, options.notifyPump()));
    var proxy = new PolicyProxy(options.record().sources());
    var doctor = new TaskDoctor(stages,
        roomId -> new RecordingTask(TaskDoctor.ROOM_PREFIX + roomId, roomId, roomStore, recordings, events, board,
            options.record(), lease, proxy),
        options.doctor(), Clock.systemUTC(), events);

    webhookEvents = new WebhookEvents(db);
    var intake = new WebhookIntake(options.webhook(), recordings, webhookEvents, events, vertx.eventBus());
    var webhooks = new WebhookRoutes(intake, options.webhook(), vertx.createSharedWorkerExecutor("webhook", 32));
    var link = options.link();
    String httpAddress = options.httpHost() + ":" + options.httpPort();
    if (link.linked()) {
      // the port actually bound (the configured one may be 0); the agent speaks only once the API listens
      agent = new MasterLinkAgent(options.nodeId(), () -> options.httpHost() + ":" + api.actualPort(), options.capacity(), link, roomStore, dbWorkers, board,
          lease, options.worksPath(), events, clusterMember);
    }
    ForwardLinkRoutes forward = link.mode().equals(LinkOptions.FORWARD) ? new ForwardLinkRoutes(link.token(), agent) : null;
    // webhook targets and the master's forward link check secrets of their own, not API keys
    var guard = new AccessGuard(options.auth(), ctx -> WebhookRoutes.PATHS.contains(ctx.normalizedPath())
        || (forward != null && forward.isLinkRequest(ctx)));
    java.util.function.Consumer<io.vertx.ext.web.Router> linkRoutes = router -> {
      guard.mount(router);
      if (options.embeddedMaster()) MasterRoutes.mount(vertx, router);
      if (forward != null) forward.mount(router);
    };
    api = new ApiVerticle(options.httpHost(), options.httpPort(), rooms, recordings, jobs, board, dbWorkers,
        options.worksPath(), linkRoutes, webhooks, storage, roomStore, options.liveCoverCache(),
        options.record().readTimeout(), covers, options.auth());
    Future<?> master = options.embeddedMaster()
        ? deploy(new MasterVerticle(Clock.systemUTC(), options.masterDownAfter()))
        : Future.succeededFuture();
    return master
        .compose(v -> deploy(new EventFanout()))
        .compose(v -> deploy(proxy))
        .compose(v -> deploy(doctor))
        .compose(v -> deploy(new HeartbeatVerticle(options.nodeId(),
            httpAddress, options.heartbeatEvery(), options.capacity(),
            options.worksPath(), board, events, options.embeddedMaster())))
        .compose(v -> agent == null ? Future.succeededFuture() : deploy(agent))
        .compose(v -> deploy(api))
        .compose(v -> switch (link.mode()) {
          case LinkOptions.REVERSE -> deploy(link.longPoll() ? new LongPollDialer(link, agent) : new ReverseDialer(link, agent));
          case LinkOptions.CLUSTER -> deploy(new ClusterTransport(options.nodeId(), agent));
          default -> Future.succeededFuture();
        })
        .compose(v -> rooms.resumeAll())
        .compose(n -> vertx.executeBlocking(() -> {
          Files.writeString(options.dataDir().resolve("node.port"), String.valueOf(api.actualPort()));
          log.info("[node {}] ready on port {}; {} room(s) resumed", options.nodeId(), api.actualPort(), n);
          return null;
        }));
  }

  private Future<String> deploy(Deployable verticle) {
    return vertx.deployVerticle(verticle).onSuccess(deployed::push);
  }

  public int httpPort() {
    return api.actualPort();
  }

  /** Every route of the node's HTTP port. */
  public java.util.List<io.vertx.ext.web.Route> routes() {
    return api.routes();
  }

  public RoomService rooms() {
    return rooms;
  }

  /**
   * Undeploys in reverse order of deployment, so the API stops taking requests first, the
   * heartbeat says goodbye while the master still listens, and recording tasks close their
   * segments while the database is open; then closes Vert.x and the database.
   */
  public Future<Void> stop() {
    vertx.cancelTimer(ageCheckTimer);
    vertx.cancelTimer(compactTimer);
    // the goodbye goes first, while the link is still up, so the master keeps this node's rooms
    Future<Void> chain = agent == null ? Future.succeededFuture() : agent.leave();
    while (!deployed.isEmpty()) {
      String id = deployed.pop();
      chain = chain.compose(v -> vertx.undeploy(id).otherwiseEmpty());
    }
    // an age check under way ends before the database closes, within a stage's grace: storage may hang
    Future<Void> ageChecked = ageCheck.timeout(StageVerticle.STOP_GRACE.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS).otherwiseEmpty();
    return chain.compose(v -> ageChecked).compose(v -> vertx.close()).andThen(ar -> {
      if (webhookEvents != null) webhookEvents.close(); // its writer stores what is queued, then ends
      if (db != null) db.close();
    });
  }
}
