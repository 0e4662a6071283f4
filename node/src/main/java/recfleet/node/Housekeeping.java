package recfleet.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import recfleet.common.store.H2Database;
import recfleet.node.store.NodeDatabase;
import recfleet.node.upload.QuotaKeeper;

/**
 * The node's periodic chores: the storage age limit, which applies even while nothing is
 * uploaded, and the compaction of the append-only database (see {@link H2Database}).
 */
final class Housekeeping {
  private static final Duration AGE_CHECK_EVERY = Duration.ofHours(1);

  private final Vertx vertx;
  private long ageCheckTimer = -1;
  private long compactTimer = -1;
  /** The age check under way, if any: a stop waits for it before the database closes. */
  private volatile Future<Void> ageCheck = Future.succeededFuture();

  private Housekeeping(Vertx vertx) {
    this.vertx = vertx;
  }

  static Housekeeping start(Vertx vertx, QuotaKeeper quota, NodeDatabase db, WorkerExecutor dbWorkers) {
    Housekeeping chores = new Housekeeping(vertx);
    chores.ageCheckTimer = vertx.setPeriodic(AGE_CHECK_EVERY.toMillis(), id -> {
      if (chores.ageCheck.isComplete()) {
        chores.ageCheck = vertx.executeBlocking(() -> {
          quota.enforce();
          return null;
        }, false);
      }
    });
    chores.compactTimer = vertx.setPeriodic(H2Database.COMPACT_EVERY.toMillis(),
        id -> dbWorkers.executeBlocking(db::compactIfSparse, false));
    return chores;
  }

  /** Cancels the timers; completes when an age check under way has ended, or after {@code grace}: storage may hang. */
  Future<Void> stop(Duration grace) {
    vertx.cancelTimer(ageCheckTimer);
    vertx.cancelTimer(compactTimer);
    return ageCheck.timeout(grace.toMillis(), TimeUnit.MILLISECONDS).otherwiseEmpty();
  }
}
