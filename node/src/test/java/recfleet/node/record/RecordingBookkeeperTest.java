package recfleet.node.record;

import java.time.Clock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import recfleet.common.Addresses;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;
import recfleet.node.notify.NodeEvents;
import recfleet.node.store.NodeDatabase;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;
import recfleet.common.testing.Poll;

/**
 * The closing of a segment is stored even when the database turns the first write away: a real
 * H2 where another transaction holds the recording's row past H2's lock timeout (2 s), as a burst
 * of closings and stage claims can.
 */
class RecordingBookkeeperTest {
  @TempDir
  Path dir;

  @Test
  void a_closing_the_database_refuses_once_is_stored_at_the_next_try_and_then_announced() throws Exception {
    Vertx vertx = Vertx.vertx();
    recfleet.common.WireTypes.register(vertx);
    ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(RecordingBookkeeper.class);
    logLines.start();
    logger.addAppender(logLines);
    try (NodeDatabase db = NodeDatabase.open(dir.resolve("data"))) {
      RecordingStore recordings = new RecordingStore(db, Clock.systemUTC());
      List<RecfleetEvent> events = new CopyOnWriteArrayList<>();
      vertx.eventBus().<RecfleetEvent>localConsumer(Addresses.EVT_ALL, m -> events.add(m.body()))
          .completion().await(10, TimeUnit.SECONDS);
      var bookkeeper = new RecordingBookkeeper("r1", null, recordings, new NodeEvents(vertx.eventBus(), "n1", java.time.ZoneId.systemDefault()),
          vertx.eventBus(), new RecordingBoard(), new recfleet.node.store.CaptureStore(db, java.time.Clock.systemUTC()));
      Segment segment = new Segment(UUID.randomUUID().toString(), "r1", "s1", 1, "r1-1", "r1/r1-1.flv",
          OffsetDateTime.now(), null, null, null);
      bookkeeper.segmentOpened(segment);

      CountDownLatch locked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Thread holder = new Thread(() -> db.dsl().transaction(cfg -> {
        cfg.dsl().execute("UPDATE recording SET raw_bytes = 0 WHERE recording_id = ?", segment.recordingId());
        locked.countDown();
        release.await(60, TimeUnit.SECONDS);
      }), "row-lock-holder");
      holder.start();
      assertTrue(locked.await(10, TimeUnit.SECONDS), "the other transaction holds the row");

      Thread closing = new Thread(() -> bookkeeper.segmentClosed(segment, 1234, 4000, System.currentTimeMillis()),
          "record-r1");
      closing.start();
      Poll.until(Duration.ofSeconds(30), "the first store of the closing to be turned away", () ->
          logLines.list.stream().anyMatch(l -> l.getFormattedMessage().contains("(attempt 1 of")));
      release.countDown();
      holder.join(10_000);
      closing.join(30_000);

      Recording stored = recordings.get(segment.recordingId()).orElseThrow();
      assertEquals(Recording.RECORDED, stored.state());
      assertEquals(1234L, stored.rawBytes());
      assertEquals(1, new recfleet.node.store.JobStore(db, java.time.Clock.systemUTC()).counts().get("TRANSCODE.PENDING"),
          "its transcode job is queued");
      Poll.until(Duration.ofSeconds(10), "FileClosed announced", () ->
          events.stream().anyMatch(e -> e.eventType() == EventType.FileClosed));
      assertTrue(logLines.list.stream().anyMatch(l -> l.getFormattedMessage().contains("stored the closing of r1/r1-1.flv")),
          "the recovery is logged");
    } finally {
      logger.detachAppender(logLines);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
