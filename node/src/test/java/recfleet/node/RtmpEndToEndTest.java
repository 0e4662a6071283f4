package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;
import static recfleet.common.testing.EventClient.type;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NginxRtmp;
import recfleet.node.testing.Processes;
import recfleet.node.testing.TestNode;

/**
 * The whole chain against a real nginx-rtmp server fed by ffmpeg: add a room over NGlive's
 * /addroom, watch the events arrive in order over a real WebSocket, lose the publisher and get it
 * back, remove the room, and check every stored MP4 with ffprobe.
 */
class RtmpEndToEndTest {
  private static final String ROOM = "rtmp1";

  @TempDir
  Path dir;

  @Test
  void records_a_live_rtmp_room_end_to_end_and_survives_a_publisher_loss() throws Exception {
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"))) {
      Path pubLog = dir.resolve("publisher.log");
      Process publisher = Ffmpeg.publish(rtmp.url(ROOM), "1M", pubLog);
      try (TestNode node = TestNode.start(dir.resolve("node"), Map.of());
           EventClient events = EventClient.connect(node.port())) {
        String url = URLEncoder.encode(rtmp.url(ROOM), StandardCharsets.UTF_8);
        Http.Reply added = Http.get(node.port(), "/addroom?roomid=" + ROOM + "&url=" + url);
        assertEquals(200, added.status(), added.body().encode());
        assertEquals(0, added.body().getInteger("code"));

        // 1. The first recording goes through every stage, in order.
        events.await(Duration.ofSeconds(60), "the first UpEnded", all -> all.stream().anyMatch(e -> type(e).equals("UpEnded")));
        String firstRecording = data(events.ofType("UpEnded").get(0)).getString("RecordingId");
        List<String> chain = events.all().stream()
            .filter(e -> type(e).startsWith("Session") && ROOM.equals(data(e).getString("RoomId"))
                || firstRecording.equals(data(e).getString("RecordingId")))
            .map(EventClient::type).filter(t -> !t.startsWith("Is")).toList(); // IsTranscode, IsUp: progress, checked elsewhere
        assertEquals(List.of("SessionStarted", "FileOpening", "FileClosed", "TranscodeStarted", "TranscodeEnded",
            "UpStarted", "UpEnded"), chain);
        String session = data(events.ofType("SessionStarted").get(0)).getString("SessionId");

        // 2. The publisher dies; the open file is closed cleanly and recording goes on in a new file.
        int opensBefore = events.ofType("FileOpening").size();
        Processes.kill9(publisher);
        events.await(Duration.ofSeconds(30), "the open file closed after the source loss",
            all -> events.ofType("FileClosed").size() >= opensBefore);
        publisher = Ffmpeg.publish(rtmp.url(ROOM), "1M", pubLog);
        events.await(Duration.ofSeconds(60), "a new file after the publisher came back",
            all -> events.ofType("FileOpening").size() > opensBefore);
        JsonObject reopened = events.ofType("FileOpening").get(opensBefore);
        assertEquals(session, data(reopened).getString("SessionId"), "the reconnect stays in the same session");
        String reopenedId = data(reopened).getString("RecordingId");
        events.await(Duration.ofSeconds(60), "the file opened after the reconnect stored",
            all -> ids(events.ofType("UpEnded")).contains(reopenedId));

        // 3. Removing the room ends the session; every closed file ends up stored.
        Http.Reply removed = Http.get(node.port(), "/removeroom?roomid=" + ROOM);
        assertEquals(200, removed.status(), removed.body().encode());
        events.await(Duration.ofSeconds(30), "SessionEnded", all -> !events.ofType("SessionEnded").isEmpty());
        assertEquals(session, data(events.ofType("SessionEnded").get(0)).getString("SessionId"));
        Set<String> closed = ids(events.ofType("FileClosed"));
        events.await(Duration.ofSeconds(60), "UpEnded for every closed file",
            all -> ids(events.ofType("UpEnded")).containsAll(closed));
        assertTrue(closed.size() >= 3, "expected at least three segments, got " + closed.size());

        // 4. Every stored MP4 opens with an H.264 video stream as long as its segment, and is listed.
        JsonArray listed = Http.get(node.port(), "/api/recordings?room=" + ROOM).body().getJsonArray("data");
        Set<String> listedIds = listed.stream().map(o -> ((JsonObject) o).getString("recordingId")).collect(Collectors.toSet());
        for (JsonObject upEnded : events.ofType("UpEnded")) {
          String id = data(upEnded).getString("RecordingId");
          double segmentSeconds = events.ofType("FileClosed").stream().filter(e -> id.equals(data(e).getString("RecordingId")))
              .findFirst().map(e -> data(e).getDouble("Duration")).orElseThrow();
          Path mp4 = node.output().resolve(data(upEnded).getString("RelativePath"));
          assertTrue(Files.exists(mp4), "stored file " + mp4);
          Ffmpeg.Probe probe = Ffmpeg.probe(mp4);
          assertEquals("h264", probe.videoCodec(), mp4.toString());
          assertTrue(Math.abs(probe.durationSeconds() - segmentSeconds) <= 1.0,
              mp4 + " lasts " + probe.durationSeconds() + " s, its segment " + segmentSeconds + " s");
          assertTrue(listedIds.contains(id), "/api/recordings lists " + id);
          assertNotEquals(0, Files.size(mp4));
          Path cover = node.output().resolve(data(upEnded).getString("CoverPath"));
          byte[] jpeg = Files.readAllBytes(cover);
          assertTrue((jpeg[0] & 0xff) == 0xFF && (jpeg[1] & 0xff) == 0xD8, cover + " is a JPEG");
        }
        assertEquals(1, events.ofType("SessionStarted").size(), "one session across the publisher loss");
      } finally {
        Processes.kill9(publisher);
      }
    }
  }

  private static Set<String> ids(List<JsonObject> events) {
    return events.stream().map(e -> data(e).getString("RecordingId")).collect(Collectors.toSet());
  }
}
