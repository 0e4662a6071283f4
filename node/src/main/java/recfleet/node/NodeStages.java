package recfleet.node;

import io.vertx.core.Deployable;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import recfleet.node.notify.NodeEvents;
import recfleet.node.notify.NotifyHandler;
import recfleet.node.pipeline.PumpOptions;
import recfleet.node.pipeline.StageHandler;
import recfleet.node.pipeline.StageVerticle;
import recfleet.node.store.NodeStores;
import recfleet.node.store.Stage;
import recfleet.node.transcode.TranscodeHandler;
import recfleet.node.upload.CoverMaker;
import recfleet.node.upload.QuotaKeeper;
import recfleet.node.upload.Storages;
import recfleet.node.upload.UploadHandler;
import recfleet.node.webhook.Settling;

/**
 * Builds the pipeline's stage workers, one fresh instance per call, for TaskDoctor to deploy and
 * replace. Which stage follows which is {@link Stage}'s business; this class only says what each
 * stage's handler needs.
 */
final class NodeStages {
  private final NodeOptions options;
  private final NodeStores stores;
  private final Storages storage;
  private final NodeEvents events;
  private final CoverMaker covers;
  private final QuotaKeeper quota;

  NodeStages(NodeOptions options, NodeStores stores, Storages storage, NodeEvents events, CoverMaker covers,
             QuotaKeeper quota) {
    this.options = options;
    this.stores = stores;
    this.storage = storage;
    this.events = events;
    this.covers = covers;
    this.quota = quota;
  }

  /** The worker factories by unit name, in stage order. */
  Map<String, Supplier<Deployable>> factories() {
    Map<String, Supplier<Deployable>> stages = new LinkedHashMap<>();
    add(stages, Stage.TRANSCODE, this::transcoder, () -> null, options.transcodePump());
    add(stages, Stage.UPLOAD, this::uploader, () -> {
      // the default storage: one a room chose that is down fails its own jobs (retried), not the stage
      storage.primary().checkReady();
      return null;
    }, options.uploadPump());
    add(stages, Stage.NOTIFY, () -> new NotifyHandler(stores.recordings(), events), () -> null, options.notifyPump());
    return stages;
  }

  private void add(Map<String, Supplier<Deployable>> stages, Stage stage, Supplier<StageHandler> handler,
                   Callable<Void> healthCheck, PumpOptions pump) {
    String unit = "stage:" + stage.name().toLowerCase(Locale.ROOT);
    stages.put(unit, () -> new StageVerticle(unit, stage, handler.get(), healthCheck, stores.jobs(), pump));
  }

  private StageHandler transcoder() {
    var webhook = options.webhook();
    return new TranscodeHandler(options.worksPath(), storage,
        new Settling(webhook.settleTime(), webhook.settleTimeout(), Clock.systemUTC()),
        stores.recordings(), stores.rooms(), events, options.transcode(),
        options.deleteSourceAfterTranscode(), webhook.deleteSource(), options.transcodeNice());
  }

  private StageHandler uploader() {
    return new UploadHandler(options.worksPath(), storage, stores.recordings(), events, covers,
        options.deleteLocalAfterUpload(), quota);
  }
}
