package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** The durable queue on a real H2 file: hand-offs are atomic, re-sends harmless, and a crash leaves work to redo. */
class JobStoreTest {
  @TempDir
  Path dir;

  @Test
  void a_job_hands_off_once_and_survives_a_reopen() {
    try (NodeDatabase db = NodeDatabase.open(dir)) {
      var recordings = new RecordingStore(db);
      var jobs = new JobStore(db, Clock.systemUTC());
      recordings.insertOpening(new Recording("rec-1", "room", "s", 1, "room-1", "room/room-1.flv", Recording.RECORDING,
          OffsetDateTime.now(), null, null, null, null, null, null, null, null, null, Recording.ORIGIN_RECORDER, null, null));
      recordings.closeAndEnqueue("rec-1", 100, 4000L, OffsetDateTime.now());
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
      jobs.complete(again, Stage.UPLOAD, tx -> RecordingStore.markTranscoded(tx, "rec-1", "room/room-1.mp4", 90, 4000));
      assertTrue(jobs.claim(Stage.TRANSCODE, Duration.ofMinutes(5)).isEmpty());
      Job upload = jobs.claim(Stage.UPLOAD, Duration.ofMinutes(5)).orElseThrow();
      assertEquals("rec-1", upload.recordingId());
      assertEquals(Recording.TRANSCODED, new RecordingStore(db).get("rec-1").orElseThrow().state());

      jobs.retryLater(upload, "storage down", Duration.ofHours(1), true);
      assertTrue(jobs.claim(Stage.UPLOAD, Duration.ofMinutes(5)).isEmpty(), "a retry waits for its time");
      assertEquals(1, jobs.counts().get("UPLOAD.PENDING"));
    }
  }

  @Test
  void an_expired_lease_makes_a_job_claimable_again() {
    try (NodeDatabase db = NodeDatabase.open(dir)) {
      var jobs = new JobStore(db, Clock.systemUTC());
      db.dsl().transaction(cfg -> JobStore.enqueue(cfg.dsl(), "rec-2", Stage.NOTIFY));
      jobs.claim(Stage.NOTIFY, Duration.ofMillis(-1)).orElseThrow();
      Job reclaimed = jobs.claim(Stage.NOTIFY, Duration.ofMinutes(5)).orElseThrow();
      assertEquals(2, reclaimed.attempts());
    }
  }
}
