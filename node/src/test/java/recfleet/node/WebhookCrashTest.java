package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NodeProcess;

/** A node killed with SIGKILL right after it answered a webhook finishes that file after restart. */
class WebhookCrashTest {
  @TempDir
  Path dir;

  @Test
  void a_file_accepted_just_before_a_sigkill_is_stored_after_restart() throws Exception {
    Path blrec = dir.resolve("blrec");
    Path file = Ffmpeg.flv(Files.createDirectories(blrec.resolve("7")).resolve("late.flv"), 3, "320x240");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    Path nodeDir = dir.resolve("node");
    Map<String, String> config = Map.of("RECFLEET_WEBHOOK_BILILIVE_WORKS_PATH", blrec.toString());
    JsonObject closed = new JsonObject().put("EventType", "FileClosed").put("EventId", UUID.randomUUID().toString())
        .put("EventTimestamp", "2026-11-22T00:00:00.000+08:00")
        .put("EventData", new JsonObject().put("RoomId", 7).put("RelativePath", "7/late.flv"));

    NodeProcess first = NodeProcess.start(nodeDir, config, Path.of("target", "webhook-crash-1.log"));
    try {
      assertEquals(200, Http.post(first.port(), "/webhook/", closed.encode()).status());
    } finally {
      first.kill9(); // right after the answer
    }
    try (NodeProcess second = NodeProcess.start(nodeDir, config, Path.of("target", "webhook-crash-2.log"));
         EventClient events = EventClient.connect(second.port())) {
      String id = Http.get(second.port(), "/api/recordings?room=7").body().getJsonArray("data").getJsonObject(0)
          .getString("recordingId");
      events.await(Duration.ofSeconds(60), "the file stored after the restart", all -> events.ofType("UpEnded").stream()
          .anyMatch(e -> id.equals(data(e).getString("RecordingId"))) || storedAlready(second.port(), id));
      assertEquals("STORED", Http.get(second.port(), "/api/recordings/" + id).body().getJsonObject("data").getString("state"));
      assertEquals(200, Http.post(second.port(), "/webhook/", closed.encode()).status(), "the sender's retry is fine");
      assertEquals(1, Http.get(second.port(), "/api/recordings").body().getJsonArray("data").size());
    }
  }

  private static boolean storedAlready(int port, String id) {
    try {
      return "STORED".equals(Http.get(port, "/api/recordings/" + id).body().getJsonObject("data").getString("state"));
    } catch (Exception e) {
      return false;
    }
  }
}
