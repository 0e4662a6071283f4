package recfleet.node.pipeline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.node.store.JobStore;
import recfleet.node.store.Stage;

/**
 * One pipeline stage as a verticle: checks it can work, then drains its queue with a
 * {@link JobPump} on its own worker pool. If the stage turns out broken mid-way it tells
 * TaskDoctor, which replaces this instance with a fresh one after a backoff.
 */
public final class StageVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(StageVerticle.class);

  /**
   * How long a node's stop waits for blocking work under way. Jobs end at their next progress
   * check, so this only matters when one is stuck in a blocking call (a storage server that hangs);
   * it stays below Docker's 10 s stop timeout.
   */
  public static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final String unitName;
  private final Stage stage;
  private final StageHandler handler;
  private final Callable<Void> healthCheck;
  private final JobStore jobs;
  private final PumpOptions options;
  private WorkerExecutor workers;
  private JobPump pump;

  public StageVerticle(String unitName, Stage stage, StageHandler handler, Callable<Void> healthCheck, JobStore jobs,
                       PumpOptions options) {
    this.unitName = unitName;
    this.stage = stage;
    this.handler = handler;
    this.healthCheck = healthCheck;
    this.jobs = jobs;
    this.options = options;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(healthCheck).compose(ok -> {
      workers = vertx.createSharedWorkerExecutor("stage-" + stage.name().toLowerCase(), options.parallelism(),
          6, TimeUnit.HOURS);
      pump = new JobPump(vertx, workers, jobs, stage, handler, options, this::reportUnhealthy);
      return pump.start();
    });
  }

  private void reportUnhealthy(String reason) {
    log.error("[stage {}] unhealthy: {}", stage, reason);
    vertx.eventBus().send(Addresses.DOCTOR_FAILED, new JsonObject().put("unit", unitName).put("reason", reason));
  }

  @Override
  public Future<?> stop() {
    Future<Void> drained = pump == null ? Future.succeededFuture() : pump.stop(STOP_GRACE);
    return drained.compose(v -> workers == null ? Future.succeededFuture() : workers.close());
  }
}
