package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.testing.Poll;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NginxRtmp;
import recfleet.node.testing.Processes;
import recfleet.node.testing.Rings;
import recfleet.node.testing.TestNode;
import recfleet.node.testing.WallClockFrames;

/**
 * Monibuca's MP4 API on streams from nginx-rtmp fed by ffmpeg (a keyframe every second), the rooms
 * named by stream paths with '/': an event on an on-demand stream is written from the buffered
 * keyframe at or before event - beforeDuration (no more than one GOP earlier, checked against the wall
 * clock each frame carries, {@link WallClockFrames}), a second event while
 * it runs extends the same file to its own post-roll, each event is an entry with its name,
 * description, level and file; list, catalog and delete by number work on the stream path; an event
 * on a stream recorded continuously is an entry over the files already being written.
 */
class MonibucaTest {
  private static final Logger log = LoggerFactory.getLogger(MonibucaTest.class);
  private static final long GOP_MS = 1000;
  private static final long ARRIVAL_SLACK_MS = 250;

  @TempDir
  Path dir;

  @Test
  void overlapping_events_make_one_file_from_the_pre_roll_to_the_last_post_roll_then_list_catalog_and_delete()
      throws Exception {
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"));
         TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_RECORD_SEGMENT_SECONDS", "0",
             "RECFLEET_RECORD_RING_MS", "4000"))) {
      Process publisher = WallClockFrames.publish(rtmp.url("camera1"), dir.resolve("publisher.log"));
      try {
        Http.Reply added = Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "cam1")
            .put("url", rtmp.url("camera1")).put("options", new JsonObject().put("path", "live/camera1")
                .put("record", new JsonObject().put("mode", "on_demand"))).encode());
        assertEquals(201, added.status(), added.body().encode());
        Rings.awaitDepth(node.port(), "cam1", 3500);

        long first = System.currentTimeMillis();
        JsonObject ev1 = event(node, "live/camera1", "ev1", "door", "front door opened", "0", "2s", "2s");
        long firstAnswered = System.currentTimeMillis();
        assertEquals(0, ev1.getInteger("code"), ev1.encode());
        JsonObject one = capture(node, "ev1");
        long keyframe = OffsetDateTime.parse(one.getString("startTime")).toInstant().toEpochMilli();
        long preRoll = first - keyframe;
        assertTrue(preRoll >= 2000 - ARRIVAL_SLACK_MS && preRoll <= 2000 + GOP_MS + ARRIVAL_SLACK_MS,
            "the file starts " + preRoll + " ms before the event: beforeDuration (2 s), at most one GOP more");
        Poll.until(Duration.ofSeconds(10), "the first file open", () -> Http.get(node.port(), "/api/recordings/ev1").status() == 200);
        long second = System.currentTimeMillis();
        JsonObject ev2 = event(node, "live/camera1", "ev2", "motion", "yard", "1", "1s", "3s");
        assertEquals(0, ev2.getInteger("code"), ev2.encode());
        assertTrue(ev2.getLong("id") > ev1.getLong("id"), "events are numbered");

        JsonObject rec = Rings.stored(node.port(), "ev1");
        Path mp4 = node.dir.resolve("output").resolve(rec.getString("storedPath"));
        double expected = (second + 3000 - keyframe) / 1000.0;
        double seconds = Ffmpeg.probe(mp4).durationSeconds();
        log.info("events: pre-roll {} ms; one file of {} s, {} s expected", preRoll, seconds, expected);
        assertTrue(Ffmpeg.firstVideoFlags(mp4).startsWith("K"), "it starts on the keyframe");
        // the first frame's own time, as the publisher stamped it: made at or before event - before, at
        // most one GOP (plus the trip to the node) earlier
        long made = WallClockFrames.firstFrameMillis(mp4, first);
        log.info("event at {}; first frame made at {}: {} ms before the event", first, made, first - made);
        assertTrue(firstAnswered - made >= 2000, "the first frame was made " + (firstAnswered - made)
            + " ms before the event was answered: not after event - beforeDuration (2 s)");
        assertTrue(first - made <= 2000 + GOP_MS + ARRIVAL_SLACK_MS, "the first frame was made " + (first - made)
            + " ms before the event: more than beforeDuration (2 s) plus one GOP");
        assertEquals(expected, seconds, 0.35, "one file, from the first pre-roll to the second event's post-roll");
        JsonObject joined = capture(node, "ev2");
        assertEquals(List.of("ev1"), joined.getJsonArray("files").getList(), "the second event is in the first's file");
        assertEquals("motion", joined.getString("name"));
        assertEquals("yard", joined.getString("description"));
        assertEquals("1", joined.getString("level"));

        JsonObject list = Http.get(node.port(), "/mp4/api/list/live/camera1").body();
        assertEquals(1, list.getInteger("totalCount"), list.encode());
        JsonObject file = list.getJsonArray("data").getJsonObject(0);
        assertEquals("live/camera1", file.getString("streamPath"));
        assertEquals(rec.getString("storedPath"), file.getString("filePath"));
        JsonArray catalog = Http.get(node.port(), "/mp4/api/catalog").body().getJsonArray("data");
        assertTrue(catalog.stream().map(JsonObject.class::cast).anyMatch(c -> "live/camera1".equals(c.getString("streamPath"))
            && c.getInteger("count") == 1), catalog.encode());
        JsonObject deleted = Http.post(node.port(), "/mp4/api/delete/live/camera1",
            new JsonObject().put("ids", new JsonArray().add(file.getLong("id"))).encode()).body();
        assertEquals(0, deleted.getInteger("code"), deleted.encode());
        assertFalse(Files.exists(mp4), "the file is gone");
        assertEquals(0, Http.get(node.port(), "/mp4/api/list/live/camera1").body().getInteger("totalCount"));
        assertEquals(404, Http.get(node.port(), "/mp4/api/list/live/nothing").status());

        // start/stop on demand: written from now until stopped
        JsonObject started = Http.post(node.port(), "/mp4/api/start/live/camera1", "").body();
        assertEquals(0, started.getInteger("code"), started.encode());
        JsonObject writing = Poll.until(Duration.ofSeconds(20), "a file being written", () -> {
          var files = Http.get(node.port(), "/api/recordings?room=cam1").body().getJsonArray("data");
          return files.isEmpty() ? null : files.getJsonObject(0);
        });
        Poll.until(Duration.ofSeconds(20), "two seconds in it", () -> Ffmpeg.videoPackets(node.dir.resolve("works")
            .resolve(writing.getString("rawPath"))) >= 50);
        JsonObject stopped = Http.post(node.port(), "/mp4/api/stop/live/camera1", "").body();
        assertEquals(0, stopped.getInteger("code"), stopped.encode());
        assertEquals(1, stopped.getInteger("data"), "the one start stopped");
        JsonObject kept = Rings.stored(node.port(), writing.getString("recordingId"));
        assertEquals(1, Http.get(node.port(), "/mp4/api/list/live/camera1").body().getInteger("totalCount"),
            "listed: " + kept.getString("storedPath"));
      } finally {
        Processes.kill9(publisher);
      }
    }
  }

  @Test
  void an_event_on_a_stream_recorded_continuously_is_an_entry_over_its_files() throws Exception {
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"));
         TestNode node = TestNode.start(dir.resolve("node"), Map.of())) {
      Process publisher = Ffmpeg.publish(rtmp.url("always"), "500k", dir.resolve("publisher.log"));
      try {
        Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "always").put("url", rtmp.url("always"))
            .put("options", new JsonObject().put("path", "live/always")).encode());
        Poll.until(Duration.ofSeconds(30), "a file being written", () -> !Http.get(node.port(), "/api/recordings?room=always")
            .body().getJsonArray("data").isEmpty());
        JsonObject ev = event(node, "live/always", "bell", "doorbell", "rang", "1", "1s", "1s");
        assertEquals(0, ev.getInteger("code"), ev.encode());
        JsonObject entry = capture(node, "bell");
        assertEquals("continuous", entry.getString("stopReason"));
        assertFalse(entry.getJsonArray("files").isEmpty(), "the files already being written: " + entry.encode());
        Http.Reply clash = Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "other")
            .put("url", rtmp.url("always")).put("options", new JsonObject().put("path", "live/always")).encode());
        assertEquals(409, clash.status(), "one stream path, one room: " + clash.body().encode());
      } finally {
        Processes.kill9(publisher);
      }
    }
  }

  private static JsonObject event(TestNode node, String path, String id, String name, String desc, String level,
                                  String before, String after) throws Exception {
    return Http.post(node.port(), "/mp4/api/event/start", new JsonObject().put("streamPath", path).put("eventId", id)
        .put("eventName", name).put("eventDesc", desc).put("eventLevel", level).put("beforeDuration", before)
        .put("afterDuration", after).encode()).body();
  }

  private static JsonObject capture(TestNode node, String id) throws Exception {
    return Http.get(node.port(), "/api/captures/" + id).body().getJsonObject("data");
  }
}
