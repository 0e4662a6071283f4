package recfleet.node.modes;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Begins camera tasks that wait for their camera's first picture: at start it takes back those a
 * stopped node left waiting, then every half second has {@link CameraTasks} try them.
 */
public final class WaitingTasks extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(WaitingTasks.class);
  private static final long TICK_MS = 500;

  private final CameraTasks tasks;
  private final WorkerExecutor db;
  private long timer;

  public WaitingTasks(CameraTasks tasks, WorkerExecutor db) {
    this.tasks = tasks;
    this.db = db;
  }

  @Override
  public Future<?> start() {
    return db.executeBlocking(tasks::resumeWaiting).onSuccess(n -> {
      if (n > 0) log.info("{} camera task(s) wait for their camera's first picture", n);
      timer = vertx.setPeriodic(TICK_MS, t -> tasks.beginWaiting());
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
