package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;
import static recfleet.common.testing.EventClient.type;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.Seed;
import recfleet.node.testing.TestNode;

/**
 * The transcode stage in a running node (CRF, one worker): progress over the WebSocket, a
 * truncated file and a file that is not media, and jobs taken strictly one at a time.
 */
class TranscodeStageTest {
  @TempDir
  Path dir;

  @Test
  void reports_progress_handles_bad_inputs_and_runs_one_transcode_at_a_time() throws Exception {
    Path nodeDir = dir.resolve("node");
    Path good = Ffmpeg.flv(dir.resolve("good.flv"), 4, "320x240");
    Path big = Ffmpeg.flv(dir.resolve("big.flv"), 20, "1280x720");
    Path truncated = dir.resolve("truncated.flv");
    byte[] bytes = Files.readAllBytes(Ffmpeg.flv(dir.resolve("whole.flv"), 10, "320x240"));
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length * 6 / 10));
    Path notMedia = dir.resolve("notmedia.flv");
    Files.writeString(notMedia, "this is not a video, just text pretending to be one\n".repeat(200));

    Duration hold = Duration.ofSeconds(4);
    String bigId = Seed.recording(nodeDir, "big", big, hold);
    String truncatedId = Seed.recording(nodeDir, "cut", truncated, hold);
    String notMediaId = Seed.recording(nodeDir, "junk", notMedia, hold);
    String good1 = Seed.recording(nodeDir, "good", good, hold);
    String good2 = Seed.recording(nodeDir, "good", good, hold);

    Map<String, String> config = Map.of("RECFLEET_TRANSCODE_MODEL", "crf", "RECFLEET_TRANSCODE_THREADS", "1",
        "RECFLEET_TRANSCODE_WORKERS", "1");
    try (TestNode node = TestNode.start(nodeDir, config); EventClient events = EventClient.connect(node.port())) {
      events.await(Duration.ofSeconds(120), "every job settled", all -> settled(events).size() == 5);

      // progress rises to 100 %, then TranscodeEnded
      List<Double> progress = forRecording(events, bigId).stream().filter(e -> type(e).equals("IsTranscode"))
          .map(e -> data(e).getDouble("Progress")).toList();
      assertTrue(progress.size() >= 2, "progress events: " + progress);
      for (int i = 1; i < progress.size(); i++) assertTrue(progress.get(i) >= progress.get(i - 1), progress.toString());
      assertEquals(100.0, progress.get(progress.size() - 1));
      List<String> bigTypes = forRecording(events, bigId).stream().map(EventClient::type).toList();
      assertTrue(bigTypes.indexOf("TranscodeEnded") > bigTypes.lastIndexOf("IsTranscode"), bigTypes.toString());

      // a truncated file is transcoded as far as it reads, and that is said
      JsonObject cut = ended(events, truncatedId);
      assertTrue(cut.getBoolean("Truncated"), cut.encode());
      assertTrue(cut.getDouble("Duration") > 3 && cut.getDouble("Duration") < 9, cut.encode());

      // a file that is not media is a final error after one try, and nothing else happens to it
      List<String> junk = forRecording(events, notMediaId).stream().map(EventClient::type).toList();
      assertEquals(List.of("TranscodeStarted", "TranscodeError"), junk);
      JsonObject failed = Http.get(node.port(), "/api/recordings/" + notMediaId).body().getJsonObject("data");
      assertEquals("FAILED", failed.getString("state"));

      // the source is deleted once its MP4 is verified; the good ones are stored
      events.await(Duration.ofSeconds(30), "good files stored", all -> events.ofType("UpEnded").stream()
          .map(e -> data(e).getString("RecordingId")).toList().containsAll(List.of(good1, good2, bigId, truncatedId)));
      assertFalse(Files.exists(nodeDir.resolve("works/good").resolve(
          Http.get(node.port(), "/api/recordings/" + good1).body().getJsonObject("data").getString("rawPath")
              .substring("good/".length()))));

      // with workers = 1 the transcodes never overlap: every Started is followed by its own end
      List<JsonObject> lifecycle = events.all().stream()
          .filter(e -> List.of("TranscodeStarted", "TranscodeEnded", "TranscodeError").contains(type(e))).toList();
      assertEquals(10, lifecycle.size(), lifecycle.toString());
      for (int i = 0; i < lifecycle.size(); i += 2) {
        assertEquals("TranscodeStarted", type(lifecycle.get(i)));
        assertEquals(data(lifecycle.get(i)).getString("RecordingId"), data(lifecycle.get(i + 1)).getString("RecordingId"));
      }
    }
  }

  private static List<JsonObject> settled(EventClient events) {
    return events.all().stream().filter(e -> List.of("TranscodeEnded", "TranscodeError").contains(type(e))).toList();
  }

  private static List<JsonObject> forRecording(EventClient events, String id) {
    return events.all().stream().filter(e -> id.equals(data(e).getString("RecordingId"))).toList();
  }

  private static JsonObject ended(EventClient events, String id) {
    return data(forRecording(events, id).stream().filter(e -> type(e).equals("TranscodeEnded")).findFirst().orElseThrow());
  }
}
