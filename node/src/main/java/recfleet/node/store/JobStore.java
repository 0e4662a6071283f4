package recfleet.node.store;

import static recfleet.node.store.schema.Tables.JOB;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.Record3;

/**
 * The durable queue between stages. A job is claimed under a lease; it is DONE only in the same
 * transaction that stores the next stage's job, so a crash at any point leaves either the old
 * job to redo or the new one to do, never neither. Every change after the claim is conditional on
 * the claim it belongs to (state RUNNING, same attempt): a worker whose lease ran out and whose job
 * was claimed again can neither complete it nor move it back.
 */
public final class JobStore {
  public static final String PENDING = "PENDING";
  public static final String RUNNING = "RUNNING";
  public static final String DONE = "DONE";
  public static final String FAILED = "FAILED";

  private final DSLContext dsl;
  private final Clock clock;

  public JobStore(NodeDatabase db, Clock clock) {
    this.dsl = db.dsl();
    this.clock = clock;
  }

  /** A closed recording enters the pipeline: its first stage's job (inside the caller's transaction). */
  public static void enter(DSLContext tx, String recordingId, OffsetDateTime now) {
    enqueue(tx, recordingId, Stage.FIRST, now);
  }

  /** Stores a job unless one already exists for that recording and stage (re-sends are harmless). */
  public static void enqueue(DSLContext tx, String recordingId, Stage stage, OffsetDateTime now) {
    tx.insertInto(JOB)
        .set(JOB.RECORDING_ID, recordingId)
        .set(JOB.STAGE, stage.name())
        .set(JOB.STATE, PENDING)
        .set(JOB.ATTEMPTS, 0)
        .set(JOB.NEXT_TRY_AT, now)
        .set(JOB.CREATED_AT, now)
        .set(JOB.UPDATED_AT, now)
        .onDuplicateKeyIgnore()
        .execute();
  }

  /**
   * Takes the oldest ready job of a stage: pending and due, or running under an expired lease.
   * Synchronized because this process is the database's only writer of claims.
   */
  public synchronized Optional<Job> claim(Stage stage, Duration lease) {
    OffsetDateTime now = now();
    return dsl.transactionResult(cfg -> {
      DSLContext tx = cfg.dsl();
      var ready = tx.select(JOB.JOB_ID, JOB.RECORDING_ID, JOB.ATTEMPTS).from(JOB)
          .where(JOB.STAGE.eq(stage.name()))
          .and(JOB.STATE.eq(PENDING).and(JOB.NEXT_TRY_AT.le(now))
              .or(JOB.STATE.eq(RUNNING).and(JOB.LEASE_UNTIL.lt(now))))
          .orderBy(JOB.NEXT_TRY_AT, JOB.JOB_ID)
          .limit(1)
          .fetchOptional();
      if (ready.isEmpty()) return Optional.<Job>empty();
      Record3<Long, String, Integer> r = ready.get();
      int attempts = r.value3() + 1;
      int taken = tx.update(JOB)
          .set(JOB.STATE, RUNNING)
          .set(JOB.ATTEMPTS, attempts)
          .set(JOB.LEASE_UNTIL, now.plus(lease))
          .set(JOB.UPDATED_AT, now)
          .where(JOB.JOB_ID.eq(r.value1()).and(JOB.ATTEMPTS.eq(r.value3())))
          .execute();
      return taken == 1 ? Optional.of(new Job(r.value1(), r.value2(), stage, attempts)) : Optional.<Job>empty();
    });
  }

  /**
   * Marks the job done, applies the stage's own writes and stores the next stage's job, atomically. Throws
   * {@link StaleClaimException}, and changes nothing, when the job is no longer this claim's; the
   * stage's own writes may throw it too, for a recording that is no longer in the state they expect.
   */
  public void complete(Job job, Consumer<DSLContext> alsoWrite) {
    Stage next = job.stage().next();
    dsl.transaction(cfg -> {
      DSLContext tx = cfg.dsl();
      int done = tx.update(JOB)
          .set(JOB.STATE, DONE)
          .set(JOB.LEASE_UNTIL, (OffsetDateTime) null)
          .set(JOB.LAST_ERROR, (String) null)
          .set(JOB.UPDATED_AT, now())
          .where(claimed(job))
          .execute();
      if (done != 1) throw new StaleClaimException(job);
      alsoWrite.accept(tx);
      if (next != null) enqueue(tx, job.recordingId(), next, now());
    });
  }

  /**
   * Puts the job back for a later try; {@code countAttempt=false} when the stage, not the job, was at
   * fault. False, and nothing changed, when the job is no longer this claim's.
   */
  public boolean retryLater(Job job, String error, Duration delay, boolean countAttempt) {
    return dsl.update(JOB)
        .set(JOB.STATE, PENDING)
        .set(JOB.NEXT_TRY_AT, now().plus(delay))
        .set(JOB.LEASE_UNTIL, (OffsetDateTime) null)
        .set(JOB.LAST_ERROR, truncate(error))
        .set(JOB.ATTEMPTS, countAttempt ? job.attempts() : job.attempts() - 1)
        .set(JOB.UPDATED_AT, now())
        .where(claimed(job))
        .execute() == 1;
  }

  /** Gives the job up; false, and nothing changed, when the job is no longer this claim's. */
  public boolean fail(Job job, String error) {
    return dsl.update(JOB)
        .set(JOB.STATE, FAILED)
        .set(JOB.LEASE_UNTIL, (OffsetDateTime) null)
        .set(JOB.LAST_ERROR, truncate(error))
        .set(JOB.UPDATED_AT, now())
        .where(claimed(job))
        .execute() == 1;
  }

  /** The job's row as this claim left it: running, at this attempt. */
  private static org.jooq.Condition claimed(Job job) {
    return JOB.JOB_ID.eq(job.jobId()).and(JOB.STATE.eq(RUNNING)).and(JOB.ATTEMPTS.eq(job.attempts()));
  }

  /** At boot: whatever was running belonged to the process that died, so it is pending again. */
  public int requeueInterrupted() {
    return dsl.update(JOB)
        .set(JOB.STATE, PENDING)
        .set(JOB.LEASE_UNTIL, (OffsetDateTime) null)
        .set(JOB.NEXT_TRY_AT, now())
        .where(JOB.STATE.eq(RUNNING))
        .execute();
  }

  /** Whether a stage has work on the recording still to do (a job pending or running). */
  public boolean busy(String recordingId) {
    return dsl.fetchExists(JOB, JOB.RECORDING_ID.eq(recordingId).and(JOB.STATE.in(PENDING, RUNNING)));
  }

  /** The state of a recording's job at one stage, if it has one there. */
  public Optional<String> state(String recordingId, Stage stage) {
    return dsl.select(JOB.STATE).from(JOB).where(JOB.RECORDING_ID.eq(recordingId)).and(JOB.STAGE.eq(stage.name()))
        .fetchOptional(JOB.STATE);
  }

  /** Job counts by stage and state, for the system figures. */
  public Map<String, Integer> counts() {
    Map<String, Integer> out = new LinkedHashMap<>();
    dsl.select(JOB.STAGE, JOB.STATE, org.jooq.impl.DSL.count()).from(JOB)
        .groupBy(JOB.STAGE, JOB.STATE).orderBy(JOB.STAGE, JOB.STATE)
        .forEach(r -> out.put(r.value1() + "." + r.value2(), r.value3()));
    return out;
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }

  private static String truncate(String error) {
    if (error == null) return null;
    return error.length() <= 2000 ? error : error.substring(0, 2000);
  }
}
