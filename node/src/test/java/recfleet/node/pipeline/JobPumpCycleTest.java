package recfleet.node.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static recfleet.node.store.schema.Tables.JOB;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.store.Job;
import recfleet.node.store.JobStore;
import recfleet.node.store.NodeDatabase;
import recfleet.node.store.Stage;

/**
 * One stage's pump on a real H2, with no ffmpeg: a nudge makes it claim the job, the handler runs
 * once, completion stores the next stage's job, and the next stage is nudged with the recording;
 * a job whose handler asks to retry is tried again after its backoff, found by the pump's own poll.
 */
@ExtendWith(VertxExtension.class)
class JobPumpCycleTest {
  private static final PumpOptions OPTIONS = new PumpOptions(1, Duration.ofMinutes(5), Duration.ofMillis(50),
      Duration.ofMillis(20), Duration.ofMillis(100), 5);

  @TempDir
  Path dir;

  @Test
  void a_nudge_claims_runs_completes_and_nudges_the_next_stage(Vertx vertx, VertxTestContext ctx) {
    NodeDatabase db = NodeDatabase.open(dir);
    JobStore jobs = new JobStore(db, Clock.systemUTC());
    db.dsl().transaction(cfg -> JobStore.enter(cfg.dsl(), "rec-1", java.time.OffsetDateTime.now()));
    AtomicInteger runs = new AtomicInteger();
    Checkpoint nextNudged = ctx.checkpoint();
    vertx.eventBus().<String>localConsumer(Stage.UPLOAD.address(), msg -> ctx.verify(() -> {
      assertEquals("rec-1", msg.body());
      assertEquals(1, runs.get(), "the handler ran once");
      assertEquals("DONE", state(db, Stage.TRANSCODE));
      assertEquals("PENDING", state(db, Stage.UPLOAD), "completion stored the next stage's job");
      stopThen(vertx, db, nextNudged);
    }));
    StageHandler handler = handler(ctx, job -> {
      runs.incrementAndGet();
      return Outcome.done(tx -> { }, () -> { });
    });
    vertx.deployVerticle(new StageVerticle("stage:transcode", Stage.TRANSCODE, handler, () -> null, jobs, OPTIONS))
        .onSuccess(id -> vertx.eventBus().send(Stage.TRANSCODE.address(), "rec-1"))
        .onFailure(ctx::failNow);
  }

  @Test
  void a_retried_job_comes_back_by_the_pumps_own_poll(Vertx vertx, VertxTestContext ctx) {
    NodeDatabase db = NodeDatabase.open(dir);
    JobStore jobs = new JobStore(db, Clock.systemUTC());
    db.dsl().transaction(cfg -> JobStore.enter(cfg.dsl(), "rec-2", java.time.OffsetDateTime.now()));
    AtomicInteger runs = new AtomicInteger();
    Checkpoint secondTry = ctx.checkpoint();
    StageHandler handler = handler(ctx, job -> {
      if (runs.incrementAndGet() == 1) return Outcome.retry("storage down for a moment");
      ctx.verify(() -> assertEquals(2, job.attempts(), "the retry counted as an attempt"));
      vertx.runOnContext(v -> stopThen(vertx, db, secondTry));
      return Outcome.done(tx -> { }, () -> { });
    });
    // no nudge after the retry: only the pump's poll can find the job again once it is due
    vertx.deployVerticle(new StageVerticle("stage:transcode", Stage.TRANSCODE, handler, () -> null, jobs, OPTIONS))
        .onFailure(ctx::failNow);
  }

  /** A stage handler doing {@code work}; giving a job up fails the test. */
  private static StageHandler handler(VertxTestContext ctx, java.util.function.Function<Job, Outcome> work) {
    return new StageHandler() {
      @Override
      public Outcome handle(Job job, StopSignal stop) {
        return work.apply(job);
      }

      @Override
      public void gaveUp(Job job, String reason) {
        ctx.failNow(new AssertionError("gave up: " + reason));
      }
    };
  }

  /** Undeploys the stage (its pump stops polling), closes the database, then flags. */
  private static void stopThen(Vertx vertx, NodeDatabase db, Checkpoint done) {
    Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()).onComplete(ar -> {
      db.close();
      done.flag();
    });
  }

  private static String state(NodeDatabase db, Stage stage) {
    return db.dsl().select(JOB.STATE).from(JOB).where(JOB.STAGE.eq(stage.name())).fetchOne(JOB.STATE);
  }
}
