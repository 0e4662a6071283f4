package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.node.store.schema.Tables.JOB;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.pipeline.Outcome;
import recfleet.node.pipeline.PumpOptions;
import recfleet.node.pipeline.StageHandler;
import recfleet.node.pipeline.StageVerticle;
import recfleet.node.pipeline.StopSignal;
import recfleet.node.store.Job;
import recfleet.node.store.JobStore;
import recfleet.node.store.NodeDatabase;
import recfleet.node.store.Stage;
import recfleet.node.store.schema.tables.records.JobRecord;
import recfleet.common.testing.Poll;

/**
 * A stage's stop on a real H2 queue: it waits for the running job, which ends at its next
 * progress check and goes back to the queue without counting as an attempt; and a job stuck in
 * a call that never checks does not hold the stop for ever.
 */
class StageStopTest {
  private static final PumpOptions ONE_AT_A_TIME = new PumpOptions(1, Duration.ofMinutes(5), Duration.ofMillis(100),
      Duration.ofMillis(100), Duration.ofSeconds(1), 5);

  @TempDir
  Path dir;
  private NodeDatabase db;
  private JobStore jobs;
  private Vertx vertx;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean returned = new AtomicBoolean();
  private volatile boolean released;

  @BeforeEach
  void queueOneJob() {
    db = NodeDatabase.open(dir);
    jobs = new JobStore(db, Clock.systemUTC());
    db.dsl().transaction(cfg -> JobStore.enqueue(cfg.dsl(), "rec-1", Stage.TRANSCODE, java.time.OffsetDateTime.now()));
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() throws Exception {
    released = true;
    Poll.until(Duration.ofSeconds(30), "the handler returned", returned::get);
    vertx.close().await(30, TimeUnit.SECONDS);
    db.close();
  }

  @Test
  void a_stop_waits_for_the_running_job_which_goes_back_to_the_queue_uncounted() throws Exception {
    String id = deploy((job, stop) -> {
      try {
        while (true) { // a long transcode: one packet at a time, each one reported
          stop.check();
          LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
      } finally {
        // closing the muxer and deleting the .part take a moment, and an interrupt does not shorten them
        long cleanupEnds = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (System.nanoTime() < cleanupEnds) Thread.onSpinWait();
        returned.set(true);
      }
    });
    Poll.until(Duration.ofSeconds(30), "the job running", started::get);
    assertEquals(JobStore.RUNNING, job().getState());

    vertx.undeploy(id).await(30, TimeUnit.SECONDS);
    assertTrue(returned.get(), "the stop completed only once the job had ended");
    JobRecord row = job();
    assertEquals(JobStore.PENDING, row.getState(), "the job is back in the queue");
    assertEquals(0, row.getAttempts(), "the interrupted attempt does not count");
    assertTrue(row.getLastError().contains("stopping"), row.getLastError());
  }

  @Test
  void a_job_that_never_checks_does_not_hold_the_stop_and_is_requeued_at_the_next_start() throws Exception {
    String id = deploy((job, stop) -> {
      try {
        while (!released) { // a PUT to a server that stopped answering: no progress, no check
          LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return Outcome.retry("the server went away");
      } finally {
        returned.set(true);
      }
    });
    Poll.until(Duration.ofSeconds(30), "the job running", started::get);

    vertx.undeploy(id).await(60, TimeUnit.SECONDS);
    assertFalse(returned.get(), "the stuck job was left behind");
    assertEquals(JobStore.RUNNING, job().getState());
    assertEquals(1, jobs.requeueInterrupted(), "the next start puts it back");
    assertEquals(JobStore.PENDING, job().getState());
  }

  private interface Work {
    Outcome run(Job job, StopSignal stop) throws Exception;
  }

  private String deploy(Work work) throws Exception {
    StageHandler handler = new StageHandler() {
      @Override
      public Outcome handle(Job job, StopSignal stop) throws Exception {
        started.set(true);
        return work.run(job, stop);
      }

      @Override
      public void gaveUp(Job job, String reason) {
      }
    };
    return vertx.deployVerticle(new StageVerticle("stage:transcode", Stage.TRANSCODE, handler, () -> null, jobs,
        ONE_AT_A_TIME)).await(30, TimeUnit.SECONDS);
  }

  private JobRecord job() {
    return db.dsl().selectFrom(JOB).where(JOB.RECORDING_ID.eq("rec-1")).fetchOne();
  }
}
