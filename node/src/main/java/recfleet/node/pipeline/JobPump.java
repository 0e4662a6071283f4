package recfleet.node.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.node.store.Job;
import recfleet.node.store.JobStore;
import recfleet.node.store.Stage;
import recfleet.node.store.StaleClaimException;

/**
 * Drains one stage's durable queue. A bus message to {@code recfleet.work.<stage>} is only a
 * nudge; the pump also polls, so a job whose retry came due or whose lease expired is found
 * without one. Lives on its verticle's event loop; the claim and the work run on the worker pool.
 */
public final class JobPump {
  private static final Logger log = LoggerFactory.getLogger(JobPump.class);

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final JobStore jobs;
  private final Stage stage;
  private final StageHandler handler;
  private final PumpOptions options;
  private final Consumer<String> onUnhealthy;
  private int inFlight;
  /** Written on a worker (a stage found unhealthy) and read on the event loop. */
  private volatile boolean stopped;
  private long timerId = -1;
  private MessageConsumer<Object> nudges;
  private final StopSignal stopSignal = new StopSignal();
  private Promise<Void> drained;

  public JobPump(Vertx vertx, WorkerExecutor workers, JobStore jobs, Stage stage, StageHandler handler,
                 PumpOptions options, Consumer<String> onUnhealthy) {
    this.vertx = vertx;
    this.workers = workers;
    this.jobs = jobs;
    this.stage = stage;
    this.handler = handler;
    this.options = options;
    this.onUnhealthy = onUnhealthy;
  }

  public Future<Void> start() {
    nudges = vertx.eventBus().localConsumer(stage.address(), msg -> pump());
    timerId = vertx.setPeriodic(options.pollInterval().toMillis(), id -> pump());
    return nudges.completion().onSuccess(v -> pump());
  }

  /**
   * Takes no new job, tells the running ones to end (they go back to the queue), and completes
   * once none runs, so that nothing a job does (a file written, a row updated, an event sent)
   * happens after the node has closed its database and its event bus. A job still running after
   * {@code grace} (a storage server that stopped answering mid-upload) is left behind: its row
   * stays claimed and is requeued at the next start.
   */
  public Future<Void> stop(Duration grace) {
    stopped = true;
    stopSignal.raise();
    vertx.cancelTimer(timerId);
    if (nudges != null) nudges.unregister();
    if (inFlight == 0) return Future.succeededFuture();
    drained = Promise.promise();
    long deadline = vertx.setTimer(grace.toMillis(), id -> {
      if (drained.tryComplete()) {
        log.warn("[stage {}] {} job(s) still running {} s after the stop; they resume at the next start",
            stage, inFlight, grace.toSeconds());
      }
    });
    return drained.future().andThen(ar -> vertx.cancelTimer(deadline));
  }

  /** Fills the free worker slots; each slot keeps taking jobs until the queue has none ready. */
  private void pump() {
    while (!stopped && inFlight < options.parallelism()) {
      inFlight++;
      workers.executeBlocking(this::runOne, false).onComplete(ar -> {
        inFlight--;
        if (drained != null && inFlight == 0) drained.tryComplete();
        if (ar.failed()) {
          log.error("[stage {}] worker error", stage, ar.cause());
        } else if (Boolean.TRUE.equals(ar.result())) {
          pump();
        }
      });
    }
  }

  /** Claims and runs one job; false when none was ready. Blocking. */
  private boolean runOne() {
    if (stopped) return false;
    Optional<Job> claimed = jobs.claim(stage, options.lease());
    if (claimed.isEmpty()) return false;
    Job job = claimed.get();
    Outcome outcome;
    try {
      outcome = handler.handle(job, stopSignal);
    } catch (StageUnhealthyException e) {
      jobs.retryLater(job, e.getMessage(), options.retryBase(), false);
      stopped = true;
      vertx.runOnContext(v -> onUnhealthy.accept(e.getMessage()));
      return false;
    } catch (Exception | LinkageError e) {
      outcome = Outcome.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
      if (!stopSignal.raised()) {
        log.warn("[recording {}] {} failed unexpectedly on attempt {}", job.recordingId(), stage, job.attempts(), e);
      }
    }
    if (stopSignal.raised() && !(outcome instanceof Outcome.Done)) {
      // whatever went wrong may be the stop itself: the job goes back and this attempt does not count
      log.info("[recording {}] {} interrupted by the node stopping; it resumes at the next start", job.recordingId(), stage);
      jobs.retryLater(job, "interrupted by the node stopping", Duration.ZERO, false);
      return false;
    }
    settle(job, outcome);
    return true;
  }

  private void settle(Job job, Outcome outcome) {
    if (outcome instanceof Outcome.Done done) {
      try {
        jobs.complete(job, done.write());
      } catch (StaleClaimException e) {
        // another claim owns the job now: its result counts, and this one's effects (deleting a
        // source, events) must not happen
        log.warn("[recording {}] {} attempt {} finished, but its result is dropped: {}", job.recordingId(), stage,
            job.attempts(), e.getMessage());
        return;
      }
      done.afterCommit().run();
      Stage next = stage.next();
      if (next != null) vertx.eventBus().send(next.address(), job.recordingId());
    } else if (outcome instanceof Outcome.Retry retry) {
      if (job.attempts() >= options.maxAttempts()) {
        giveUp(job, "gave up after " + job.attempts() + " attempts: " + retry.reason());
      } else {
        var delay = options.retryDelay(job.attempts());
        log.warn("[recording {}] {} attempt {} failed, retrying in {} ms: {}", job.recordingId(), stage,
            job.attempts(), delay.toMillis(), retry.reason());
        jobs.retryLater(job, retry.reason(), delay, true);
      }
    } else if (outcome instanceof Outcome.Later later) {
      log.debug("[recording {}] {} waits {} ms: {}", job.recordingId(), stage, later.delay().toMillis(), later.reason());
      jobs.retryLater(job, later.reason(), later.delay(), false);
    } else if (outcome instanceof Outcome.GiveUp giveUp) {
      giveUp(job, giveUp.reason());
    }
  }

  private void giveUp(Job job, String reason) {
    if (!jobs.fail(job, reason)) {
      log.warn("[recording {}] {} attempt {} gave up, but another claim owns the job now: {}", job.recordingId(),
          stage, job.attempts(), reason);
      return;
    }
    log.error("[recording {}] {} failed for good: {}", job.recordingId(), stage, reason);
    handler.gaveUp(job, reason);
  }
}
