package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.testing.EventClient;
import recfleet.common.testing.Poll;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NginxRtmp;
import recfleet.node.testing.NodeProcess;
import recfleet.node.testing.Processes;
import recfleet.node.writer.Fmp4Repair;

/**
 * A node recording an RTMP room from nginx-rtmp as fragmented MP4 is killed with SIGKILL. The open
 * file plays as it is (ffprobe), up to its last part; after the restart it is finished (a torn
 * last part trimmed) and stored as an MP4 that holds exactly those parts; COPY kept it as it was.
 */
class Fmp4CrashTest {
  private static final Logger log = LoggerFactory.getLogger(Fmp4CrashTest.class);
  private static final String ROOM = "fmp4crash";

  @TempDir
  Path dir;

  @Test
  void a_fragmented_mp4_killed_mid_recording_plays_as_it_is_and_is_stored_after_the_restart() throws Exception {
    Path nodeDir = dir.resolve("node");
    Map<String, String> config = Map.of("RECFLEET_RECORD_FORMAT", "fmp4", "RECFLEET_RECORD_PART_MS", "500",
        "RECFLEET_RECORD_SEGMENT_SECONDS", "600");
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"))) {
      Process publisher = Ffmpeg.publish(rtmp.url(ROOM), "800k", dir.resolve("publisher.log"));
      try {
        String recordingId;
        Path raw;
        NodeProcess first = NodeProcess.start(nodeDir, config, Path.of("target", "fmp4-crash-node-1.log"));
        try (EventClient events = EventClient.connect(first.port())) {
          Http.get(first.port(), "/addroom?roomid=" + ROOM + "&url="
              + URLEncoder.encode(rtmp.url(ROOM), StandardCharsets.UTF_8));
          events.await(Duration.ofSeconds(30), "FileOpening", all -> !events.ofType("FileOpening").isEmpty());
          JsonObject opening = data(events.ofType("FileOpening").get(0));
          recordingId = opening.getString("RecordingId");
          raw = nodeDir.resolve("works").resolve(opening.getString("RelativePath"));
          assertTrue(raw.toString().endsWith(".rec.mp4"), raw.toString());
          Poll.until(Duration.ofSeconds(30), "four seconds in the open file", () -> playable(raw) >= 4.0);
        } finally {
          first.kill9();
        }
        double asItIs = Ffmpeg.probe(raw).durationSeconds();
        assertTrue(asItIs >= 4.0, "the killed file plays as it is: " + asItIs + " s");
        Path expected = dir.resolve("expected.rec.mp4");
        Files.copy(raw, expected);
        Fmp4Repair.trimToWholeParts(expected);
        double whole = Ffmpeg.probe(expected).durationSeconds();
        log.info("killed the node; the open fMP4 played {} s as it was, {} s of whole parts", asItIs, whole);

        try (NodeProcess second = NodeProcess.start(nodeDir, config, Path.of("target", "fmp4-crash-node-2.log"))) {
          // it may be stored before any client could subscribe: the recording's own state says it
          Poll.until(Duration.ofSeconds(60), "the killed recording stored", () -> "STORED".equals(
              Http.get(second.port(), "/api/recordings/" + recordingId).body().getJsonObject("data").getString("state")));
          Path output = nodeDir.resolve("output").resolve(ROOM).resolve(raw.getFileName().toString()
              .replace(".rec.mp4", ".mp4"));
          assertTrue(Files.exists(output), output + " stored");
          assertEquals(whole, Ffmpeg.probe(output).durationSeconds(), 0.001, "stored as it was, its whole parts");
          assertEquals(Ffmpeg.packetHashes(expected, "0:v:0"), Ffmpeg.packetHashes(output, "0:v:0"), "not re-muxed");
        }
      } finally {
        Processes.kill9(publisher);
      }
    }
  }

  /** Seconds ffprobe reads from the file now, or 0 while it cannot read it yet. */
  private static double playable(Path file) {
    try {
      return Files.exists(file) && Files.size(file) > 0 ? Ffmpeg.probe(file).durationSeconds() : 0;
    } catch (Exception e) {
      return 0;
    }
  }
}
