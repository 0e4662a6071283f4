package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.NodeProcess;
import recfleet.node.testing.Seed;

/** A node killed with SIGKILL in the middle of a transcode redoes it after restart and ends with one output. */
class TranscodeCrashTest {
  @TempDir
  Path dir;

  @Test
  void a_transcode_cut_by_sigkill_is_redone_once_after_restart() throws Exception {
    Path nodeDir = dir.resolve("node");
    String id = Seed.recording(nodeDir, "long", Ffmpeg.flv(dir.resolve("long.flv"), 10, "1280x720"), Duration.ofSeconds(3));
    Map<String, String> config = Map.of("RECFLEET_TRANSCODE_MODEL", "CRF", "RECFLEET_TRANSCODE_PRESET", "medium",
        "RECFLEET_TRANSCODE_THREADS", "1");

    NodeProcess first = NodeProcess.start(nodeDir, config, Path.of("target", "transcode-crash-1.log"));
    try (EventClient events = EventClient.connect(first.port())) {
      events.await(Duration.ofSeconds(60), "the transcode under way", all -> events.ofType("IsTranscode").stream()
          .anyMatch(e -> data(e).getDouble("Progress") > 0 && data(e).getDouble("Progress") < 100));
      first.kill9();
      assertTrue(events.ofType("TranscodeEnded").isEmpty());
    } finally {
      first.kill9();
    }
    assertTrue(partFiles(nodeDir).size() == 1, "the cut transcode left its .part: " + partFiles(nodeDir));

    try (NodeProcess second = NodeProcess.start(nodeDir, config, Path.of("target", "transcode-crash-2.log"));
         EventClient events = EventClient.connect(second.port())) {
      events.await(Duration.ofSeconds(120), "the recording stored", all -> events.ofType("UpEnded").stream()
          .anyMatch(e -> id.equals(data(e).getString("RecordingId"))));
      assertEquals(1, events.ofType("TranscodeEnded").size());
      List<Path> outputs;
      try (Stream<Path> files = Files.walk(nodeDir.resolve("output"))) {
        outputs = files.filter(p -> p.toString().endsWith(".mp4")).toList();
      }
      assertEquals(1, outputs.size(), outputs.toString());
      assertEquals(10.0, Ffmpeg.probe(outputs.get(0)).durationSeconds(), 1.0);
      assertEquals(List.of(), partFiles(nodeDir));
    }
  }

  private static List<Path> partFiles(Path nodeDir) throws Exception {
    try (Stream<Path> files = Files.walk(nodeDir)) {
      return files.filter(p -> p.toString().endsWith(".part")).toList();
    }
  }
}
