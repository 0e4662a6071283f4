package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import recfleet.node.writer.HlsFolder;
import recfleet.node.writer.HlsRepair;

/**
 * A node recording an RTMP room from nginx-rtmp is killed with SIGKILL. As fragmented MP4, the open
 * file plays as it is (ffprobe), up to its last part; after the restart it is finished (a torn
 * last part trimmed) and stored as an MP4 that holds exactly those parts; COPY kept it as it was.
 * As HLS, the playlist on disk is valid at the kill (whole segments only, each starting on a
 * keyframe); after the restart it is ended and stored as a folder whose playlist plays, file by
 * file through the node's API too.
 */
class FragmentedCrashTest {
  private static final Logger log = LoggerFactory.getLogger(FragmentedCrashTest.class);
  private static final String ROOM = "fmp4crash";
  private static final String HLS_ROOM = "hlscrash";

  @TempDir
  Path dir;

  @Test
  void a_fragmented_mp4_killed_mid_recording_plays_as_it_is_and_is_stored_after_the_restart() throws Exception {
    Path nodeDir = dir.resolve("node");
    Map<String, String> config = config("fmp4");
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"))) {
      Process publisher = Ffmpeg.publish(rtmp.url(ROOM), "800k", dir.resolve("publisher.log"));
      try {
        JsonObject opening = recordThenKill(nodeDir, NodeProcess.start(nodeDir, config,
            Path.of("target", "fmp4-crash-node-1.log")), ROOM, rtmp.url(ROOM), "four seconds in the open file",
            file -> playable(file) >= 4.0);
        String recordingId = opening.getString("RecordingId");
        Path raw = nodeDir.resolve("works").resolve(opening.getString("RelativePath"));
        assertTrue(raw.toString().endsWith(".rec.mp4"), raw.toString());
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

  @Test
  void an_hls_recording_killed_mid_segment_keeps_a_valid_playlist_and_is_stored_as_a_folder_after_the_restart()
      throws Exception {
    Path nodeDir = dir.resolve("node");
    Map<String, String> config = config("hls");
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"))) {
      Process publisher = Ffmpeg.publish(rtmp.url(HLS_ROOM), "800k", dir.resolve("publisher.log"));
      try {
        JsonObject opening = recordThenKill(nodeDir, NodeProcess.start(nodeDir, config,
            Path.of("target", "hls-crash-node-1.log")), HLS_ROOM, rtmp.url(HLS_ROOM), "two whole segments listed",
            file -> listed(file).size() >= 3);
        String recordingId = opening.getString("RecordingId");
        Path playlist = nodeDir.resolve("works").resolve(opening.getString("RelativePath"));
        assertTrue(playlist.toString().endsWith(".m3u8"), playlist.toString());
        String atKill = Files.readString(playlist);
        List<String> segments = listed(playlist).subList(1, listed(playlist).size());
        assertFalse(atKill.contains("#EXT-X-ENDLIST"), "still live when killed: " + atKill);
        for (String segment : segments) {
          assertTrue(Ffmpeg.firstVideoFlags(joined(playlist.getParent(), segment)).startsWith("K"),
              segment + " is whole and starts on a keyframe");
        }
        Path expected = dir.resolve("expected");
        Files.createDirectories(expected);
        for (String name : HlsFolder.listed(playlist)) Files.copy(playlist.resolveSibling(name), expected.resolve(name));
        Path expectedPlaylist = Files.copy(playlist, expected.resolve(playlist.getFileName()));
        HlsRepair.end(expectedPlaylist);
        double whole = Ffmpeg.probe(expectedPlaylist).durationSeconds();
        log.info("killed the node with {} whole segments listed ({} s)", segments.size(), whole);

        try (NodeProcess second = NodeProcess.start(nodeDir, config, Path.of("target", "hls-crash-node-2.log"))) {
          Poll.until(Duration.ofSeconds(60), "the killed recording stored", () -> "STORED".equals(
              Http.get(second.port(), "/api/recordings/" + recordingId).body().getJsonObject("data").getString("state")));
          Path stored = nodeDir.resolve("output").resolve(HLS_ROOM).resolve(playlist.getParent().getFileName())
              .resolve(playlist.getFileName());
          assertTrue(Files.readString(stored).contains("#EXT-X-ENDLIST"), "ended");
          assertEquals(segments.size() + 2L, Files.list(stored.getParent()).count(),
              "the playlist, init.mp4 and the whole segments; not the torn one");
          assertEquals(whole, Ffmpeg.probe(stored).durationSeconds(), 0.001, "stored as it was");
          assertEquals(Ffmpeg.packetHashes(expectedPlaylist, "0:v:0"), Ffmpeg.packetHashes(stored, "0:v:0"), "not re-muxed");
          String url = "http://127.0.0.1:" + second.port() + "/api/recordings/" + recordingId + "/file";
          assertEquals(whole, Ffmpeg.probe(url).durationSeconds(), 0.001, "plays through the node's API");
          assertEquals(Ffmpeg.packetHashes(stored, "0:v:0"), Ffmpeg.packetHashes(url, "0:v:0"), "the same packets");
          assertFalse(Files.exists(playlist.getParent()), "the local folder is gone once stored");
        }
      } finally {
        Processes.kill9(publisher);
      }
    }
  }

  /** One file per session, parts of 500 ms. */
  private static Map<String, String> config(String format) {
    return Map.of("RECFLEET_RECORD_FORMAT", format, "RECFLEET_RECORD_PART_MS", "500",
        "RECFLEET_RECORD_SEGMENT_SECONDS", "600");
  }

  /** Adds the room, waits until its first file is {@code ready}, then kills the node: that file's FileOpening data. */
  private static JsonObject recordThenKill(Path nodeDir, NodeProcess node, String room, String url, String ready,
                                           java.util.function.Predicate<Path> isReady) throws Exception {
    try (EventClient events = EventClient.connect(node.port())) {
      Http.get(node.port(), "/addroom?roomid=" + room + "&url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
      events.await(Duration.ofSeconds(30), "FileOpening", all -> !events.ofType("FileOpening").isEmpty());
      JsonObject opening = data(events.ofType("FileOpening").get(0));
      Path file = nodeDir.resolve("works").resolve(opening.getString("RelativePath"));
      Poll.until(Duration.ofSeconds(40), ready, () -> isReady.test(file));
      return opening;
    } finally {
      node.kill9();
    }
  }

  /** init.mp4, then each segment the playlist lists; nothing while the playlist is not written yet. */
  private static List<String> listed(Path playlist) {
    try {
      return Files.exists(playlist) ? HlsFolder.listed(playlist) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** init.mp4 + one segment: what a player decodes for that segment alone. */
  private Path joined(Path folder, String segment) throws IOException {
    Path out = dir.resolve(segment + ".mp4");
    Files.write(out, Files.readAllBytes(folder.resolve("init.mp4")));
    Files.write(out, Files.readAllBytes(folder.resolve(segment)), java.nio.file.StandardOpenOption.APPEND);
    return out;
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
