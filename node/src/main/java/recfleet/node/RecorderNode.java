package recfleet.node;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.WireTypes;
import recfleet.common.SourceSpec;
import recfleet.common.auth.AccessGuard;
import recfleet.master.FleetMaster;
import recfleet.master.api.FleetRoutes;
import recfleet.master.store.MasterStore;
import recfleet.node.api.ApiOptions;
import recfleet.node.api.ApiParts;
import recfleet.node.api.ApiVerticle;
import recfleet.node.doctor.TaskDoctor;
import recfleet.node.link.ClusterTransport;
import recfleet.node.link.EmbeddedLink;
import recfleet.node.link.ForwardLinkRoutes;
import recfleet.node.link.HeartbeatVerticle;
import recfleet.node.link.LinkOptions;
import recfleet.node.link.LongPollDialer;
import recfleet.node.link.MasterLinkAgent;
import recfleet.node.link.ReverseDialer;
import recfleet.node.link.WriteLease;
import recfleet.node.notify.EventFanout;
import recfleet.node.notify.NodeEvents;
import recfleet.node.pipeline.StageVerticle;
import recfleet.node.record.InterruptedSegments;
import recfleet.node.modes.CameraTasks;
import recfleet.node.modes.WaitingTasks;
import recfleet.node.modes.PublishHooks;
import recfleet.node.modes.ScheduleKeeper;
import recfleet.node.modes.RoomCaptures;
import recfleet.node.store.Capture;
import recfleet.node.record.NativeLibraries;
import recfleet.node.record.PolicyProxy;
import recfleet.node.record.LiveRings;
import recfleet.node.record.RecordingBoard;
import recfleet.node.record.RecordingParts;
import recfleet.node.record.RecordingTask;
import recfleet.node.record.RoomService;
import recfleet.node.store.NodeStores;
import recfleet.node.upload.CoverMaker;
import recfleet.node.upload.QuotaKeeper;
import recfleet.node.upload.Storages;
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
  private final Supplier<String> clusterMember;
  private final WriteLease lease;
  private final Deque<String> deployed = new ArrayDeque<>();
  private NodeStores stores;
  private WorkerExecutor dbWorkers;
  private Housekeeping chores;
  private MasterLinkAgent agent;
  /** The embedded master and its database, when [MASTER] mode = embedded; null otherwise. */
  private FleetMaster embeddedMaster;
  private MasterStore masterStore;
  private ApiVerticle api;
  private RoomService rooms;
  private ScheduleKeeper schedules;

  /** The time schedules are judged by: the system's, or a test's movable one. */
  private final Clock clock;

  private RecorderNode(Vertx vertx, NodeOptions options, Supplier<String> clusterMember, Clock clock) {
    this.vertx = vertx;
    this.options = options;
    this.clusterMember = clusterMember;
    this.clock = clock;
    this.lease = new WriteLease(options.link().keepWhenMasterLost());
  }

  public static Future<RecorderNode> start(Vertx vertx, NodeOptions options) {
    return start(vertx, options, () -> null);
  }

  /** {@code clusterMember}: this process's current cluster member id when its bus is clustered, else null. */
  public static Future<RecorderNode> start(Vertx vertx, NodeOptions options, Supplier<String> clusterMember) {
    return start(vertx, options, clusterMember, Clock.systemUTC());
  }

  /** The same with the clock rooms' schedules are judged by (a test moves it by hand). */
  public static Future<RecorderNode> start(Vertx vertx, NodeOptions options, Supplier<String> clusterMember,
                                           Clock clock) {
    RecorderNode node = new RecorderNode(vertx, options, clusterMember, clock);
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
    stores = NodeStores.open(options.dataDir(), Clock.systemUTC());
    int requeued = stores.jobs().requeueInterrupted();
    int recovered = InterruptedSegments.recover(stores.recordings(), options.worksPath(), options.record().zone());
    int captures = stores.captures().endAllOpen(Capture.BY_RESTART); // their files were just queued as they are
    options.cameras().sources().forEach((camera, url) -> {
      if (stores.rooms().ensureCamera(camera, url, Map.of("record", Map.of("mode", "on_demand")))) {
        log.info("[room {}] camera from [CAMERAS]: {}, recorded on demand", camera, SourceSpec.redact(url));
      } else {
        log.warn("[room {}] [CAMERAS] names a room the master holds; the master's room is kept", camera);
      }
    });
    for (String id : options.blacklist()) stores.rooms().addToBlacklist(id, "config [RECORD] blacklist");
    if (options.embeddedMaster() != null) masterStore = MasterStore.open(options.embeddedMaster().dataDir());
    log.info("[node {}] database ready; {} interrupted job(s) requeued, {} open segment(s) recovered, {} open "
        + "capture(s) ended", options.nodeId(), requeued, recovered, captures);
    return null;
  }

  /** Deploys in an order where each part finds what it talks to already listening. */
  private Future<Void> deployAll() {
    var events = new NodeEvents(vertx.eventBus(), options.nodeId(), options.record().zone());
    var board = new RecordingBoard();
    var rings = new LiveRings();
    var capturers = new RoomCaptures();
    rooms = new RoomService(vertx, dbWorkers, stores.rooms(), events, options.sourceTemplate(), options.transcode(),
        options.record().sources(), options.storage(), clock);
    schedules = new ScheduleKeeper(stores.rooms(), dbWorkers, board, clock, options.record().zone());
    var storage = new Storages(options.storage());
    var quota = new QuotaKeeper(storage, stores.recordings(), events, Clock.systemUTC());
    chores = Housekeeping.start(vertx, quota, stores.db(), dbWorkers);
    var covers = new CoverMaker(options.coverWidth());
    var proxy = new PolicyProxy(options.record().sources());
    var recordingParts = new RecordingParts(stores.rooms(), stores.recordings(), events, board, options.record(), lease,
        proxy, rings, stores.captures(), capturers);
    var doctor = new TaskDoctor(new NodeStages(options, stores, storage, events, covers, quota).factories(),
        roomId -> new RecordingTask(TaskDoctor.ROOM_PREFIX + roomId, roomId, recordingParts),
        options.doctor(), Clock.systemUTC(), events);
    if (options.embeddedMaster() != null) {
      embeddedMaster = new FleetMaster(options.embeddedMaster(), masterStore, Clock.systemUTC());
    }
    if (options.link().linked() || embeddedMaster != null) {
      // the port actually bound (the configured one may be 0); the agent speaks only once the API listens
      agent = new MasterLinkAgent(options.nodeId(), () -> options.httpHost() + ":" + api.actualPort(),
          options.capacity(), options.link(), stores.rooms(), dbWorkers, board, lease, options.worksPath(), events,
          clusterMember);
    }
    var cameraTasks = new CameraTasks(new CameraTasks.Parts(options.cameras(), capturers, stores.captures(),
        stores.recordings(), stores.jobs(), events, dbWorkers, storage.defaultName(), options.worksPath()), Clock.systemUTC(),
        options.record().zone());
    api = new ApiVerticle(
        new ApiOptions(options.httpHost(), options.httpPort(), options.auth(), options.worksPath(),
            options.liveCoverCache(), options.record().readTimeout()),
        new ApiParts(rooms, stores, board, storage, covers, dbWorkers, rings, capturers, events, cameraTasks),
        linkRoutes(), webhookRoutes(events));
    return (embeddedMaster != null ? deploy(embeddedMaster) : Future.succeededFuture())
        .compose(v -> deploy(new EventFanout()))
        .compose(v -> deploy(proxy))
        .compose(v -> deploy(doctor))
        .compose(v -> deploy(new HeartbeatVerticle(options.nodeId(),
            options.httpHost() + ":" + options.httpPort(), options.heartbeatEvery(), options.capacity(),
            options.worksPath(), board, events)))
        .compose(v -> agent == null ? Future.succeededFuture() : deploy(agent))
        .compose(v -> deploy(api))
        .compose(v -> deployTransport())
        .compose(v -> rooms.resumeAll())
        .compose(resumed -> deploy(schedules).map(resumed))
        .compose(resumed -> deploy(new WaitingTasks(cameraTasks, dbWorkers)).map(resumed))
        .compose(this::announceReady);
  }

  private WebhookRoutes webhookRoutes(NodeEvents events) {
    var intake = new WebhookIntake(options.webhook(), stores.recordings(), stores.webhookEvents(), events,
        vertx.eventBus());
    return new WebhookRoutes(intake, options.webhook(), vertx.createSharedWorkerExecutor("webhook", 32),
        new PublishHooks(options.pathRules(), rooms, stores.rooms()));
  }

  /** The API-key gate, then the embedded master's routes or a forward link's. */
  private Consumer<Router> linkRoutes() {
    ForwardLinkRoutes forward = options.link().mode().equals(LinkOptions.FORWARD)
        ? new ForwardLinkRoutes(options.link().token(), agent) : null;
    // webhook targets and the master's forward link check secrets of their own, not API keys
    var guard = new AccessGuard(options.auth(), ctx -> WebhookRoutes.PATHS.contains(ctx.normalizedPath())
        || (forward != null && forward.isLinkRequest(ctx)));
    return router -> {
      guard.mount(router);
      if (embeddedMaster != null) new FleetRoutes(vertx, embeddedMaster).mountNodeRoutes(router);
      if (forward != null) forward.mount(router);
    };
  }

  /**
   * The way this node reaches its master: in the process (embedded), it dials (reverse) or shares
   * the clustered bus; forward waits to be called.
   */
  private Future<?> deployTransport() {
    if (embeddedMaster != null) return deploy(new EmbeddedLink(embeddedMaster, agent));
    LinkOptions link = options.link();
    return switch (link.mode()) {
      case LinkOptions.REVERSE -> deploy(link.longPoll() ? new LongPollDialer(link, agent) : new ReverseDialer(link, agent));
      case LinkOptions.CLUSTER -> deploy(new ClusterTransport(options.nodeId(), agent));
      default -> Future.succeededFuture();
    };
  }

  private Future<Void> announceReady(int resumed) {
    return vertx.executeBlocking(() -> {
      Files.writeString(options.dataDir().resolve("node.port"), String.valueOf(api.actualPort()));
      log.info("[node {}] ready on port {}; {} room(s) resumed", options.nodeId(), api.actualPort(), resumed);
      return null;
    });
  }

  private Future<String> deploy(Deployable verticle) {
    return vertx.deployVerticle(verticle).onSuccess(deployed::push);
  }

  public int httpPort() {
    return api.actualPort();
  }

  /** Every route of the node's HTTP port. */
  public List<Route> routes() {
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
    // the chores' timers end first; one under way ends before the database closes, within a stage's grace
    Future<Void> choresDone = chores == null ? Future.succeededFuture() : chores.stop(StageVerticle.STOP_GRACE);
    // the goodbye goes first, while the link is still up, so the master keeps this node's rooms
    Future<Void> chain = agent == null ? Future.succeededFuture() : agent.leave();
    while (!deployed.isEmpty()) {
      String id = deployed.pop();
      chain = chain.compose(v -> vertx.undeploy(id).otherwiseEmpty());
    }
    return chain.compose(v -> choresDone).compose(v -> vertx.close()).andThen(ar -> {
      if (stores != null) stores.close(); // the webhook writer stores what is queued, then the database closes
      if (masterStore != null) masterStore.close();
    });
  }
}
