package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import recfleet.node.testing.RtspServer;
import recfleet.node.testing.TestNode;

/**
 * Precise starts on an on-demand room (Motion Media's StartRecording with recordingId, startTime
 * and duration), recorded from nginx-rtmp fed by ffmpeg (a keyframe every second). The room is
 * connected and buffered but writes nothing until asked; a start lands on the buffered keyframe
 * that arrived at or before its startTime (within one GOP of it), runs for its duration, and is
 * stored under the id the caller chose; a startTime older than the ring is a 422 that says so.
 * Captures that overlap share one file, and a stop ends one early.
 */
class CaptureTest {
  private static final Logger log = LoggerFactory.getLogger(CaptureTest.class);
  private static final long GOP_MS = 1000;
  /** How much later than the media a packet may arrive from nginx-rtmp on loopback (observed: tens of ms). */
  private static final long ARRIVAL_SLACK_MS = 250;
  /** No time split (the test node's is 4 s): a capture is one file unless something else cuts it. */
  private static final Map<String, String> ONE_FILE = Map.of("RECFLEET_RECORD_SEGMENT_SECONDS", "0");

  @TempDir
  Path dir;

  @Test
  void a_precise_start_lands_on_the_keyframe_at_or_before_it_runs_its_duration_and_refuses_a_time_too_old()
      throws Exception {
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"));
         TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_RECORD_SEGMENT_SECONDS", "0",
             "RECFLEET_RECORD_RING_MS", "4000"))) {
      Process publisher = Ffmpeg.publish(rtmp.url("cam"), "500k", dir.resolve("publisher.log"));
      try {
        addOnDemandRoom(node, rtmp.url("cam"));
        // connected and buffering: a start long ago is older than the ring, and the answer says what it holds;
        // wait until it holds 3.5 s, so a start 1 s back has older keyframes before it than the one it takes
        JsonObject tooOld = Rings.awaitDepth(node.port(), "cam", 3500);
        assertTrue(tooOld.getString("message").contains("older than room cam's buffer"), tooOld.encode());

        // the ring's oldest keyframe arrived 3.5 s ago, so keyframes came about 2.5, 1.5 and 0.5 s before a
        // start 1 s back: the right one is about half a GOP before it, the oldest 2.5 s, the next one after it
        long asked = Poll.until(Duration.ofSeconds(30), "the precise start", () -> {
          long t = System.currentTimeMillis() - 1000;
          Http.Reply r = start(node, new JsonObject().put("roomId", "cam").put("recordingId", "precise-1")
              .put("startTime", t).put("duration", 4));
          if (r.status() == 422) return null;
          assertEquals(200, r.status(), r.body().encode());
          JsonObject started = r.body().getJsonObject("data");
          long keyframe = OffsetDateTime.parse(started.getString("startTime")).toInstant().toEpochMilli();
          assertTrue(keyframe <= t && t - keyframe < GOP_MS + ARRIVAL_SLACK_MS,
              "the keyframe arrived " + (t - keyframe) + " ms before the time asked: at or before it, within one GOP");
          return t;
        });
        JsonObject rec = Rings.stored(node.port(), "precise-1");
        JsonObject capture = Http.get(node.port(), "/api/captures/precise-1").body().getJsonObject("data");
        assertEquals("ENDED", capture.getString("state"));
        assertEquals("duration", capture.getString("stopReason"));
        assertEquals(List.of("precise-1"), capture.getJsonArray("files").getList(), "one file, under the caller's id");
        long keyframe = OffsetDateTime.parse(capture.getString("startTime")).toInstant().toEpochMilli();
        Path mp4 = node.dir.resolve("output").resolve(rec.getString("storedPath"));
        double expected = (asked + 4000 - keyframe) / 1000.0;
        double seconds = Ffmpeg.probe(mp4).durationSeconds();
        log.info("precise start: asked {} ms ago, keyframe {} ms before it; {} s stored, {} s expected",
            System.currentTimeMillis() - asked, asked - keyframe, seconds, expected);
        assertTrue(Ffmpeg.firstVideoFlags(mp4).startsWith("K"), "the file starts on the keyframe");
        assertEquals(expected, seconds, 0.3, "from the keyframe to startTime + duration");
        assertEquals(1, recordingsOf(node, "cam").size(), "nothing written outside the capture: "
            + recordingsOf(node, "cam"));
      } finally {
        Processes.kill9(publisher);
      }
    }
  }

  @Test
  void captures_that_overlap_share_one_file_and_a_stop_ends_it_early() throws Exception {
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"));
         TestNode node = TestNode.start(dir.resolve("node"), ONE_FILE)) {
      Process publisher = Ffmpeg.publish(rtmp.url("cam2"), "500k", dir.resolve("publisher.log"));
      try {
        addOnDemandRoom(node, rtmp.url("cam2"));
        Poll.until(Duration.ofSeconds(30), "the first capture", () -> start(node,
            new JsonObject().put("roomId", "cam2").put("recordingId", "long-one")).status() == 200);
        Poll.until(Duration.ofSeconds(10), "a file open", () -> Http.get(node.port(), "/api/recordings/long-one")
            .status() == 200);
        Http.Reply second = start(node, new JsonObject().put("roomId", "cam2").put("recordingId", "short-one")
            .put("duration", "PT1S"));
        assertEquals(200, second.status(), second.body().encode());
        assertTrue(second.body().getJsonObject("data").getBoolean("joined"), "joins the open file");
        Poll.until(Duration.ofSeconds(10), "the short capture over", () -> "ENDED".equals(
            Http.get(node.port(), "/api/captures/short-one").body().getJsonObject("data").getString("state")));
        assertEquals("RECORDING", Http.get(node.port(), "/api/captures/long-one").body().getJsonObject("data")
            .getString("state"), "the other capture goes on");
        Http.Reply stop = Http.post(node.port(), "/api/recordings/long-one/stop", "");
        assertEquals(200, stop.status(), stop.body().encode());
        assertEquals("manual", stop.body().getJsonObject("data").getString("stopReason"));
        Rings.stored(node.port(), "long-one");
        assertEquals(1, recordingsOf(node, "cam2").size(), "one file for both");
        assertEquals(409, start(node, new JsonObject().put("roomId", "cam2").put("recordingId", "long-one")).status(),
            "an id is not used twice");
        assertEquals(404, Http.post(node.port(), "/api/recordings/nobody/stop", "").status());
      } finally {
        Processes.kill9(publisher);
      }
    }
  }

  @Test
  void an_rtsp_camera_that_ffmpeg_reads_captures_from_its_ring_too() throws Exception {
    try (RtspServer rtsp = RtspServer.start(dir.resolve("rtsp"), "door");
         TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_RECORD_SEGMENT_SECONDS", "0",
             "RECFLEET_RECORD_RTSP_TRANSPORT", "udp"))) {
      addOnDemandRoom(node, rtsp.url("door"));
      long asked = Poll.until(Duration.ofSeconds(60), "a capture from the camera's ring", () -> {
        long t = System.currentTimeMillis() - 500;
        Http.Reply r = start(node, new JsonObject().put("roomId", "door").put("recordingId", "door-1")
            .put("startTime", t).put("duration", 3));
        return r.status() == 200 ? t : null;
      });
      JsonObject rec = Rings.stored(node.port(), "door-1");
      JsonObject capture = Http.get(node.port(), "/api/captures/door-1").body().getJsonObject("data");
      assertEquals("duration", capture.getString("stopReason"));
      long keyframe = OffsetDateTime.parse(capture.getString("startTime")).toInstant().toEpochMilli();
      assertTrue(keyframe <= asked && asked - keyframe < GOP_MS + ARRIVAL_SLACK_MS, (asked - keyframe) + " ms");
      Path mp4 = node.dir.resolve("output").resolve(rec.getString("storedPath"));
      assertTrue(Ffmpeg.firstVideoFlags(mp4).startsWith("K"), "the file starts on the keyframe");
      assertEquals((asked + 3000 - keyframe) / 1000.0, Ffmpeg.probe(mp4).durationSeconds(), 0.3);
      assertEquals(1, recordingsOf(node, "door").size(), "nothing written outside the capture");
    }
  }

  @Test
  void a_room_that_records_continuously_takes_no_capture_and_says_how_to_change_that() throws Exception {
    try (TestNode node = TestNode.start(dir.resolve("node"), Map.of())) {
      Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "always").put("url", "lavfi:testsrc2")
          .encode());
      Http.Reply r = start(node, new JsonObject().put("roomId", "always"));
      assertEquals(409, r.status(), r.body().encode());
      assertTrue(r.body().getString("message").contains("options.record.mode = on_demand"), r.body().encode());
      assertEquals(404, start(node, new JsonObject().put("roomId", "nobody")).status());
      Http.Reply bad = start(node, new JsonObject().put("roomId", "always").put("duration", -3));
      assertEquals(400, bad.status());
      assertTrue(bad.body().getString("message").contains("duration"), bad.body().encode());
      Http.Reply file = Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "ondemandfile")
          .put("url", "lavfi:testsrc2").put("options", new JsonObject().put("record",
              new JsonObject().put("mode", "on_demand"))).encode());
      assertEquals(400, file.status(), "on demand needs a source the Java ingest reads: " + file.body().encode());
    }
  }

  private static void addOnDemandRoom(TestNode node, String url) throws Exception {
    Http.Reply added = Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", url.substring(url.lastIndexOf('/') + 1))
        .put("url", url).put("options", new JsonObject().put("record", new JsonObject().put("mode", "on_demand")))
        .encode());
    assertEquals(201, added.status(), added.body().encode());
  }

  private static Http.Reply start(TestNode node, JsonObject body) throws Exception {
    return Http.post(node.port(), "/api/recordings/start", body.encode());
  }

  private static List<Object> recordingsOf(TestNode node, String room) throws Exception {
    JsonArray all = Http.get(node.port(), "/api/recordings?room=" + room).body().getJsonArray("data");
    return all.getList();
  }
}
