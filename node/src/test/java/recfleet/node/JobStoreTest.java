package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.node.store.schema.Tables.JOB;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.store.Job;
import recfleet.node.store.JobStore;
import recfleet.node.store.NodeDatabase;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;
import recfleet.node.store.Stage;
import recfleet.node.store.StaleClaimException;

/** The durable queue on a real H2 file: hand-offs are atomic, re-sends harmless, and a crash leaves work to redo. */
class JobStoreTest {
  @TempDir
  Path dir;

  @Test
  void a_job_hands_off_once_and_survives_a_reopen() {
    try (NodeDatabase db = NodeDatabase.open(dir)) {
      var recordings = new RecordingStore(db, Clock.systemUTC());
      var jobs = new JobStore(db, Clock.systemUTC());
      recordSegment(recordings, "rec-1");
      recordings.closeAndEnqueue("rec-1", 100, 4000L, OffsetDateTime.now()); // a re-send adds nothing
      assertEquals(1, db.dsl().fetchCount(JOB));

      Job job = jobs.claim(Stage.TRANSCODE, Duration.ofMinutes(5)).orElseThrow();
      assertEquals(1, job.attempts());
      assertTrue(jobs.claim(Stage.TRANSCODE, Duration.ofMinutes(5)).isEmpty(), "a claimed job is not handed out twice");
    }
    // the process "died" with the job running: at the next boot it is pending again
    try (NodeDatabase db = NodeDatabase.open(dir)) {
      var jobs = new JobStore(db, Clock.systemUTC());
      assertEquals(1, jobs.requeueInterrupted());
      Job again = jobs.claim(Stage.TRANSCODE, Duration.ofMinutes(5)).orElseThrow();
      assertEquals(2, again.attempts());
      jobs.complete(again, tx -> RecordingStore.markTranscoded(tx, "rec-1", "room/room-1.mp4", 90, 4000));
      assertTrue(jobs.claim(Stage.TRANSCODE, Duration.ofMinutes(5)).isEmpty());
      Job upload = jobs.claim(Stage.UPLOAD, Duration.ofMinutes(5)).orElseThrow();
      assertEquals("rec-1", upload.recordingId());
      assertEquals(Recording.TRANSCODED, new RecordingStore(db, Clock.systemUTC()).get("rec-1").orElseThrow().state());

      jobs.retryLater(upload, "storage down", Duration.ofHours(1), true);
      assertTrue(jobs.claim(Stage.UPLOAD, Duration.ofMinutes(5)).isEmpty(), "a retry waits for its time");
      assertEquals(1, jobs.counts().get("UPLOAD.PENDING"));
    }
  }

  @Test
  void an_expired_lease_makes_a_job_claimable_again() {
    try (NodeDatabase db = NodeDatabase.open(dir)) {
      var jobs = new JobStore(db, Clock.systemUTC());
      db.dsl().transaction(cfg -> JobStore.enqueue(cfg.dsl(), "rec-2", Stage.NOTIFY, java.time.OffsetDateTime.now()));
      jobs.claim(Stage.NOTIFY, Duration.ofMillis(-1)).orElseThrow();
      Job reclaimed = jobs.claim(Stage.NOTIFY, Duration.ofMinutes(5)).orElseThrow();
      assertEquals(2, reclaimed.attempts());
    }
  }

  /**
   * The crash trial's second lesson: a worker that lost its claim (lease expired, job claimed again)
   * must not complete the job, give it up, or put it back; and a completion's own writes must not
   * move its recording backwards.
   */
  @Test
  void a_claim_that_lost_its_job_cannot_complete_it_fail_it_or_move_it_back() {
    try (NodeDatabase db = NodeDatabase.open(dir)) {
      var recordings = new RecordingStore(db, Clock.systemUTC());
      var jobs = new JobStore(db, Clock.systemUTC());
      recordSegment(recordings, "rec-3");
      Job stale = jobs.claim(Stage.TRANSCODE, Duration.ofMillis(-1)).orElseThrow(); // its lease is over at once
      Job current = jobs.claim(Stage.TRANSCODE, Duration.ofMinutes(5)).orElseThrow();
      assertEquals(2, current.attempts());

      assertThrows(StaleClaimException.class, () -> jobs.complete(stale,
          tx -> RecordingStore.markTranscoded(tx, "rec-3", "room/room-3.mp4", 90, 4000)));
      assertEquals(0, db.dsl().fetchCount(JOB, JOB.STAGE.eq("UPLOAD")), "the stale completion stored no upload job");
      assertEquals(Recording.RECORDED, recordings.get("rec-3").orElseThrow().state());
      assertFalse(jobs.fail(stale, "late failure"));
      assertFalse(jobs.retryLater(stale, "late retry", Duration.ofSeconds(10), true));

      jobs.complete(current, tx -> RecordingStore.markTranscoded(tx, "rec-3", "room/room-3.mp4", 90, 4000));
      assertFalse(jobs.retryLater(stale, "late retry", Duration.ofSeconds(10), true), "a done job is never put back");
      assertEquals("DONE", db.dsl().select(JOB.STATE).from(JOB).where(JOB.STAGE.eq("TRANSCODE")).fetchOne(JOB.STATE));

      recordings.closeAndEnqueue("rec-3", 100, 4000L, OffsetDateTime.now()); // a late close changes nothing
      assertEquals(Recording.TRANSCODED, recordings.get("rec-3").orElseThrow().state());
      Job upload = jobs.claim(Stage.UPLOAD, Duration.ofMinutes(5)).orElseThrow();
      jobs.complete(upload,
          tx -> RecordingStore.markStored(tx, "rec-3", "room/room-3.mp4", 90, null, null));
      recordings.markFailed("rec-3", "a late failure");
      assertEquals(Recording.STORED, recordings.get("rec-3").orElseThrow().state(), "a stored recording never fails");
    }
  }

  @Test
  void the_stage_order_is_read_in_one_place_and_a_completion_stores_the_next_stage() {
    assertEquals(Stage.TRANSCODE, Stage.FIRST);
    assertEquals(Stage.UPLOAD, Stage.TRANSCODE.next());
    assertEquals(Stage.NOTIFY, Stage.UPLOAD.next());
    assertEquals(null, Stage.NOTIFY.next());
    try (NodeDatabase db = NodeDatabase.open(dir)) {
      var jobs = new JobStore(db, Clock.systemUTC());
      recordSegment(new RecordingStore(db, Clock.systemUTC()), "rec-4");
      for (Stage stage : Stage.values()) {
        Job job = jobs.claim(stage, Duration.ofMinutes(5)).orElseThrow(() -> new AssertionError("no " + stage + " job"));
        jobs.complete(job, tx -> { });
      }
      assertEquals(3, db.dsl().fetchCount(JOB, JOB.STATE.eq("DONE")), "one job per stage, each done, none after the last");
    }
  }

  /** A segment opened, then closed: its recording is RECORDED and its TRANSCODE job pending. */
  private static void recordSegment(RecordingStore recordings, String id) {
    recordings.insertOpening(Recording.opening(id, "room", "s", 1, "room-" + id, "room/" + id + ".flv",
        OffsetDateTime.now(), null, null), null);
    recordings.closeAndEnqueue(id, 100, 4000L, OffsetDateTime.now());
  }
}
