package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.Ports;
import recfleet.node.testing.Processes;
import recfleet.node.testing.TestNode;

/** A file, an FFmpeg lavfi source and a live HTTP-FLV stream (served by ffmpeg itself) all record to stored MP4s. */
class SourceKindsTest {
  @TempDir
  Path dir;

  @Test
  void file_lavfi_and_http_flv_sources_each_end_up_as_stored_mp4s() throws Exception {
    Path file = Ffmpeg.file(dir.resolve("input.mp4"), 6);
    int httpPort = Ports.free();
    String httpFlv = "http://127.0.0.1:" + httpPort + "/live.flv";
    Process server = Ffmpeg.publish(httpFlv, "1M", dir.resolve("http-flv.log"));
    try (TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_RECORD_FILE_ROOTS", dir.toString()));
         EventClient events = EventClient.connect(node.port())) {
      Map<String, String> rooms = Map.of(
          "file1", file.toString(),
          "lavfi1", "lavfi:testsrc2=size=320x240:rate=25,realtime[out0];sine=sample_rate=44100,arealtime[out1]",
          "hflv1", httpFlv);
      for (var room : rooms.entrySet()) {
        Http.Reply r = Http.get(node.port(), "/addroom?roomid=" + room.getKey() + "&url="
            + URLEncoder.encode(room.getValue(), StandardCharsets.UTF_8));
        assertEquals(200, r.status(), r.body().encode());
      }
      for (String room : rooms.keySet()) {
        events.await(Duration.ofSeconds(60), "a stored file for " + room, all -> !upEnded(events, room).isEmpty());
        JsonObject stored = data(upEnded(events, room).get(0));
        Ffmpeg.Probe probe = Ffmpeg.probe(node.output().resolve(stored.getString("RelativePath")));
        assertEquals("h264", probe.videoCodec(), room);
        assertTrue(probe.durationSeconds() > 1, room + " lasts " + probe.durationSeconds());
      }
      // the file is recorded to its end (6 s in 4 s segments) and its session ends by itself
      events.await(Duration.ofSeconds(30), "file1's session ended", all -> events.ofType("SessionEnded").stream()
          .anyMatch(e -> "file1".equals(data(e).getString("RoomId"))));
      events.await(Duration.ofSeconds(30), "both file1 segments stored", all -> upEnded(events, "file1").size() == 2);
      double total = upEnded(events, "file1").stream().mapToDouble(e -> data(e).getDouble("Duration")).sum();
      assertEquals(6.0, total, 0.5, "the file's segments add up to the file");
    } finally {
      Processes.kill9(server);
    }
  }

  private static List<JsonObject> upEnded(EventClient events, String room) {
    return events.ofType("UpEnded").stream().filter(e -> room.equals(data(e).getString("RoomId"))).toList();
  }
}
