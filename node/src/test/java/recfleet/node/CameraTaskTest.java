package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.testing.Poll;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NginxRtmp;
import recfleet.node.testing.NodeProcess;
import recfleet.node.testing.Processes;
import recfleet.node.testing.RtspServer;
import recfleet.node.testing.TestNode;

/**
 * camera.py's task API on a [CAMERAS] camera served by a real RTSP server fed by ffmpeg (a keyframe
 * every second): each status and field reached through the routes, a task that stops by itself at
 * max_task_seconds with an MP4 within one GOP of that length, task_mismatch and not_found, a node
 * killed with SIGKILL mid-task whose task is finished and stored after the restart, and a task
 * waiting (starting) for a camera with no picture that waits through the kill and begins when the
 * camera comes online.
 */
class CameraTaskTest {
  private static final Logger log = LoggerFactory.getLogger(CameraTaskTest.class);

  @TempDir
  Path dir;

  private static Map<String, String> config(RtspServer rtsp) {
    return Map.of("RECFLEET_CAMERAS_GATE", rtsp.url("gate"), "RECFLEET_CAMERAS_MAX_TASK_SECONDS", "3",
        "RECFLEET_RECORD_RTSP_TRANSPORT", "udp", "RECFLEET_RECORD_SEGMENT_SECONDS", "0");
  }

  @Test
  void a_task_runs_to_max_task_seconds_through_every_status_and_a_second_is_stopped_by_hand() throws Exception {
    try (RtspServer rtsp = RtspServer.start(dir.resolve("rtsp"), "gate");
         TestNode node = TestNode.start(dir.resolve("node"), config(rtsp))) {
      JsonObject idle = Http.get(node.port(), "/status/gate").body();
      assertEquals("idle", idle.getString("status"), idle.encode());
      assertEquals(404, task(node, "/query_task", "gate", "delivery").status());
      assertEquals("not_found", task(node, "/start_task", "nope", "delivery").body().getString("status"));

      // the camera may still be connecting: the task is then starting, and begins with its first keyframe
      JsonObject asked = task(node, "/start_task", "gate", "delivery").body();
      assertTrue(Set.of("starting", "recording").contains(asked.getString("status")), asked.encode());
      JsonObject started = Poll.until(Duration.ofSeconds(60), "the task recording", () -> {
        JsonObject q = task(node, "/query_task", "gate", "delivery").body();
        return "recording".equals(q.getString("status")) ? q : null;
      });
      assertEquals(asked.getString("recording_id"), started.getString("recording_id"));
      // Motion Media's CaptureSnapshot of a configured camera: its picture from the camera's ring
      var snapshot = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + node.port() + "/stream/cover/gate")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, snapshot.statusCode());
      assertTrue((snapshot.body()[0] & 0xff) == 0xFF && (snapshot.body()[1] & 0xff) == 0xD8, "a JPEG");
      String id = started.getString("recording_id");
      JsonObject again = task(node, "/start_task", "gate", "delivery").body();
      assertEquals(id, again.getString("recording_id"), "a repeated start answers with the running task");
      Http.Reply other = task(node, "/start_task", "gate", "other");
      assertEquals(409, other.status());
      assertEquals("task_mismatch", other.body().getString("status"));
      assertEquals("delivery", other.body().getString("running_task"));
      assertEquals("task_mismatch", task(node, "/stop_task", "gate", "other").body().getString("status"));
      assertEquals("delivery", Http.get(node.port(), "/status/gate").body().getString("task_name"));

      Set<String> seen = new LinkedHashSet<>();
      JsonObject done = Poll.until(Duration.ofSeconds(60), "the task completed", () -> {
        JsonObject q = task(node, "/query_task", "gate", "delivery").body();
        seen.add(q.getString("status"));
        return "completed".equals(q.getString("status")) ? q : null;
      });
      log.info("statuses seen: {}; the task: {}", seen, done.encode());
      assertEquals("max_duration", done.getString("stop_reason"));
      assertEquals("local", done.getString("storage_type"));
      assertNull(done.getString("error"));
      assertTrue(done.getBoolean("local_file_deleted"), "moved into the storage folder");
      String object = done.getString("object_name");
      assertTrue(object.matches("gate/gate_delivery_\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}\\.mp4"), object);
      var download = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + node.port() + done.getString("download_url"))).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, download.statusCode(), "download_url serves the file");
      assertEquals(Files.size(node.dir.resolve("output").resolve(done.getString("object_name"))), download.body().length);
      double seconds = Ffmpeg.probe(node.dir.resolve("output").resolve(object)).durationSeconds();
      assertTrue(seconds >= 2.9 && seconds <= 4.2, "max_task_seconds 3, within one GOP (1 s): " + seconds);
      assertEquals("idle", Http.get(node.port(), "/status/gate").body().getString("status"));
      assertEquals("not_running", task(node, "/stop_task", "gate", "delivery").body().getString("status"));

      assertEquals(200, task(node, "/start_task", "gate", "by-hand").status());
      JsonObject stopped = task(node, "/stop_task", "gate", "by-hand").body();
      assertEquals("manual", stopped.getString("stop_reason"), stopped.encode());
      assertTrue(Set.of("stopping", "uploading", "uploaded", "completed").contains(stopped.getString("status")),
          stopped.encode());
      Poll.until(Duration.ofSeconds(60), "the stopped task completed", () -> "completed".equals(
          task(node, "/query_task", "gate", "by-hand").body().getString("status")));
    }
  }

  @Test
  void a_task_on_a_camera_sending_no_picture_is_starting_then_records_when_the_stream_comes() throws Exception {
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"));
         TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_CAMERAS_DOOR", rtmp.url("door"),
             "RECFLEET_CAMERAS_MAX_TASK_SECONDS", "3", "RECFLEET_RECORD_SEGMENT_SECONDS", "0"))) {
      // nobody publishes to nginx-rtmp yet: the camera has no picture to give
      JsonObject early = task(node, "/start_task", "door", "early").body();
      assertEquals("starting", early.getString("status"), early.encode());
      assertNull(early.getValue("start_time"), "no file has started");
      assertEquals("starting", Http.get(node.port(), "/status/door").body().getString("status"));
      assertEquals(early.getString("recording_id"), task(node, "/start_task", "door", "early").body()
          .getString("recording_id"), "a repeated start answers with the starting task");
      assertEquals("task_mismatch", task(node, "/start_task", "door", "other").body().getString("status"));
      JsonObject dropped = task(node, "/stop_task", "door", "early").body();
      assertEquals("failed", dropped.getString("status"), dropped.encode());
      assertEquals("manual", dropped.getString("stop_reason"));
      assertTrue(dropped.getString("error").contains("sent no picture"), dropped.encode());

      assertEquals("starting", task(node, "/start_task", "door", "arrival").body().getString("status"));
      long published = System.currentTimeMillis();
      Process publisher = Ffmpeg.publish(rtmp.url("door"), "500k", dir.resolve("publisher.log"));
      try {
        Set<String> seen = new LinkedHashSet<>();
        JsonObject done = Poll.until(Duration.ofSeconds(60), "the waiting task began and completed", () -> {
          JsonObject q = task(node, "/query_task", "door", "arrival").body();
          seen.add(q.getString("status"));
          return "completed".equals(q.getString("status")) ? q : null;
        });
        log.info("statuses seen: {}; the task: {}", seen, done.encode());
        assertTrue(seen.contains("recording"), "it recorded once the stream came: " + seen);
        assertEquals("max_duration", done.getString("stop_reason"));
        long began = OffsetDateTime.parse(done.getString("start_time")).toInstant().toEpochMilli();
        assertTrue(began >= published, "its file starts at a keyframe that came after the publisher started");
        double seconds = Ffmpeg.probe(node.dir.resolve("output").resolve(done.getString("object_name"))).durationSeconds();
        assertTrue(seconds >= 2.9 && seconds <= 4.2, "max_task_seconds 3 from its first keyframe: " + seconds);

        // deleted on request, the task is done with its file gone, not a task that recorded nothing
        assertEquals(200, Http.delete(node.port(), "/api/recordings/" + done.getString("recording_id")).status());
        JsonObject deleted = task(node, "/query_task", "door", "arrival").body();
        assertEquals("completed", deleted.getString("status"), deleted.encode());
        assertTrue(deleted.getBoolean("local_file_deleted"));
        assertNull(deleted.getValue("error"));
        assertNull(deleted.getValue("download_url"));
        assertFalse(deleted.getString("deleted_at").isEmpty());
      } finally {
        Processes.kill9(publisher);
      }
    }
  }

  @Test
  void a_task_cut_by_a_kill_9_is_finished_and_stored_after_the_restart() throws Exception {
    Path nodeDir = dir.resolve("node");
    try (RtspServer rtsp = RtspServer.start(dir.resolve("rtsp"), "gate")) {
      Map<String, String> config = new java.util.HashMap<>(config(rtsp));
      config.put("RECFLEET_CAMERAS_MAX_TASK_SECONDS", "600");
      config.put("RECFLEET_CAMERAS_DOOR", rtsp.url("door")); // nobody publishes it: a camera with no picture
      NodeProcess first = NodeProcess.start(nodeDir, config, Path.of("target", "camera-task-node-1.log"));
      try {
        Poll.until(Duration.ofSeconds(60), "the task started", () -> task(first.port(), "/start_task", "gate", "night")
            .status() == 200);
        assertEquals("starting", task(first.port(), "/start_task", "door", "later").body().getString("status"));
        Poll.until(Duration.ofSeconds(30), "two seconds (50 frames) in its file", () -> {
          try (var files = Files.walk(nodeDir.resolve("works").resolve("gate"))) {
            Path flv = files.filter(f -> f.getFileName().toString().startsWith("gate_night_")).findFirst().orElse(null);
            return flv != null && Ffmpeg.videoPackets(flv) >= 50;
          }
        });
      } finally {
        first.kill9();
      }
      try (NodeProcess second = NodeProcess.start(nodeDir, config, Path.of("target", "camera-task-node-2.log"))) {
        JsonObject done = Poll.until(Duration.ofSeconds(60), "the task finished after the restart", () -> {
          JsonObject q = task(second.port(), "/query_task", "gate", "night").body();
          return "completed".equals(q.getString("status")) ? q : null;
        });
        assertEquals("restart", done.getString("stop_reason"), done.encode());
        assertFalse(done.getString("object_name").isEmpty());
        assertTrue(Ffmpeg.probe(nodeDir.resolve("output").resolve(done.getString("object_name"))).durationSeconds() >= 1.9,
            "the two seconds written before the kill are stored");
        assertEquals("idle", Http.get(second.port(), "/status/gate").body().getString("status"));
        // the task waiting for the other camera's first picture waits on after the restart, and begins
        // when that camera comes online
        assertEquals("starting", task(second.port(), "/query_task", "door", "later").body().getString("status"));
        rtsp.publish("door");
        Poll.until(Duration.ofSeconds(60), "the waiting task recording once the camera sends", () -> "recording".equals(
            task(second.port(), "/query_task", "door", "later").body().getString("status")));
        JsonObject stopped = task(second.port(), "/stop_task", "door", "later").body();
        assertEquals("manual", stopped.getString("stop_reason"), stopped.encode());
        Poll.until(Duration.ofSeconds(60), "its file stored", () -> "completed".equals(
            task(second.port(), "/query_task", "door", "later").body().getString("status")));
      }
    }
  }

  private static Http.Reply task(TestNode node, String route, String camera, String task) throws Exception {
    return task(node.port(), route, camera, task);
  }

  private static Http.Reply task(int port, String route, String camera, String task) throws Exception {
    return Http.post(port, route, new JsonObject().put("camera_id", camera).put("task_name", task).encode());
  }
}
