package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.Seed;
import recfleet.node.testing.TestNode;

/**
 * A transcode job run again after a crash whose source FLV an earlier run already deleted: the
 * earlier run's MP4 is still in the works folder, or already in the storage target. Either way the
 * recording ends up STORED, never FAILED for a missing source.
 */
class TranscodeRerunTest {
  @TempDir
  Path dir;

  @Test
  void an_mp4_left_in_the_works_folder_is_carried_on_to_storage() throws Exception {
    Path nodeDir = dir.resolve("node");
    String id = Seed.recording(nodeDir, "cam1", Ffmpeg.flv(dir.resolve("in.flv"), 3, "320x240"), Duration.ofSeconds(1));
    String base = baseOf(nodeDir, id);
    remux(nodeDir.resolve("works/cam1/" + base + ".flv"), nodeDir.resolve("works/cam1/" + base + ".mp4"));
    Files.delete(nodeDir.resolve("works/cam1/" + base + ".flv"));
    JsonObject stored = storedAfterStart(nodeDir, id);
    assertEquals("cam1/" + base + ".mp4", stored.getString("storedPath"));
    assertTrue(Files.size(nodeDir.resolve("output/cam1/" + base + ".mp4")) > 1000);
  }

  @Test
  void an_mp4_already_in_the_target_is_taken_as_stored() throws Exception {
    Path nodeDir = dir.resolve("node");
    String id = Seed.recording(nodeDir, "cam1", Ffmpeg.flv(dir.resolve("in.flv"), 3, "320x240"), Duration.ofSeconds(1));
    String base = baseOf(nodeDir, id);
    Path inTarget = nodeDir.resolve("output/cam1/" + base + ".mp4");
    Files.createDirectories(inTarget.getParent());
    remux(nodeDir.resolve("works/cam1/" + base + ".flv"), inTarget);
    Files.delete(nodeDir.resolve("works/cam1/" + base + ".flv"));
    JsonObject stored = storedAfterStart(nodeDir, id);
    assertEquals(Files.size(inTarget), stored.getLong("storedBytes"));
  }

  private JsonObject storedAfterStart(Path nodeDir, String id) throws Exception {
    try (TestNode node = TestNode.start(nodeDir, Map.of()); EventClient events = EventClient.connect(node.port())) {
      events.await(Duration.ofSeconds(60), "the recording stored", all -> !events.ofType("UpEnded").isEmpty());
      JsonObject r = Http.get(node.port(), "/api/recordings/" + id).body().getJsonObject("data");
      assertEquals("STORED", r.getString("state"), r.encode());
      return r;
    }
  }

  private static String baseOf(Path nodeDir, String id) throws Exception {
    try (var files = Files.list(nodeDir.resolve("works/cam1"))) {
      String name = files.findFirst().orElseThrow().getFileName().toString();
      return name.substring(0, name.lastIndexOf('.'));
    }
  }

  private static void remux(Path flv, Path mp4) throws Exception {
    Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", flv.toString(), "-c", "copy", mp4.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }
}
