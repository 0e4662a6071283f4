package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NodeProcess;
import recfleet.common.testing.Poll;

/**
 * The README's run command on a server without FFmpeg's system libraries: JavaCV's libavdevice
 * links libpulse0 and friends, which only a desktop (or `apt-get install ffmpeg`) brings. The node
 * runs in a mount namespace of its own where libpulse.so.0 is an empty file, so libavdevice cannot
 * load in that JVM (the node's own log line proves it), and {@code --demo} must still record and
 * store its test pattern. Where the machine has no libpulse at all, the node runs as it is.
 */
class DemoWithoutDevicesTest {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void the_demo_records_and_stores_with_libavdevice_unable_to_load() throws Exception {
    Path log = dir.resolve("node.log");
    try (NodeProcess node = NodeProcess.start(dir, Map.of("RECFLEET_RECORD_SEGMENT_SECONDS", "2"), log,
        withoutLibpulse(), List.of("--demo"))) {
      // the node's boot says whether libavdevice loads, naming what is missing
      Poll.until(Duration.ofSeconds(10), "the node's word on libavdevice", () -> Files.readString(log).contains("libavdevice"));
      String text = Files.readString(log);
      assertTrue(text.contains("libavdevice does not load") && text.contains("libpulse.so.0")
          && text.contains("libpulse0"), "libavdevice loaded, so this test proves nothing; the node's log:\n" + text);
      JsonArray stored = Poll.until(Duration.ofSeconds(60), "a stored demo segment", () -> {
        JsonArray all = Http.get(node.port(), "/api/recordings?room=demo").body().getJsonArray("data");
        JsonArray done = new JsonArray();
        all.stream().map(o -> (JsonObject) o).filter(r -> "STORED".equals(r.getString("state"))).forEach(done::add);
        return done.isEmpty() ? null : done;
      });
      Path mp4 = dir.resolve("output").resolve(stored.getJsonObject(0).getString("storedPath"));
      Ffmpeg.Probe probe = Ffmpeg.probe(mp4);
      assertTrue("h264".equals(probe.videoCodec()) && probe.durationSeconds() > 1, "a playable segment: " + probe);
    }
  }

  /** The command that runs the JVM with libpulse.so.0 hidden, or none where the machine lacks it. */
  private static List<String> withoutLibpulse() throws Exception {
    Optional<String> lib = libpulse();
    if (lib.isEmpty()) return List.of();
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "hiding libpulse.so.0 needs a mount namespace, which needs root");
    // sh's $0 is the library, "$@" the JVM's command line
    return List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
        "mount --bind /dev/null \"$0\" && exec \"$@\"", lib.get());
  }

  private static Optional<String> libpulse() throws Exception {
    Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.lines().filter(l -> l.strip().startsWith("libpulse.so.0 ") && l.contains("x86-64"))
        .map(l -> l.substring(l.indexOf("=>") + 2).strip()).findFirst();
  }
}
