package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.media.Packet;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.FlvPackets;
import recfleet.node.testing.Http;
import recfleet.node.testing.NginxRtmp;
import recfleet.node.testing.Processes;
import recfleet.node.testing.TestNode;
import recfleet.node.writer.FlvWriter;

/**
 * A live stream whose resolution changes mid-stream (320x240, then 640x360 with a new AVC
 * configuration, as an encoder restarted by OBS sends it), published to nginx-rtmp by the ffmpeg CLI
 * and recorded through the Java ingest: each resolution lands in its own segment, and every segment
 * plays from a keyframe (ffprobe).
 */
class StreamChangeTest {
  @TempDir
  Path dir;

  @Test
  void a_mid_stream_resolution_change_gives_one_playable_segment_per_resolution() throws Exception {
    Path mixed = concatenate(Ffmpeg.flv(dir.resolve("small.flv"), 5, "320x240"),
        Ffmpeg.flv(dir.resolve("large.flv"), 5, "640x360"), dir.resolve("mixed.flv"));
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"));
         TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_RECORD_SEGMENT_SECONDS", "600"));
         EventClient events = EventClient.connect(node.port())) {
      Http.get(node.port(), "/addroom?roomid=change&url=" + URLEncoder.encode(rtmp.url("change"), StandardCharsets.UTF_8));
      Process publisher = Processes.start(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
          "-i", mixed.toString(), "-c", "copy", "-f", "flv", rtmp.url("change")), dir.resolve("publisher.log"));
      assertTrue(publisher.waitFor(60, TimeUnit.SECONDS), "the publisher sent its 10 s");
      events.await(Duration.ofSeconds(30), "two segments closed", all -> events.ofType("FileClosed").size() >= 2);
      List<String> sizes = new ArrayList<>();
      for (var closed : events.ofType("FileClosed")) {
        Path file = dir.resolve("node").resolve("works").resolve(data(closed).getString("RelativePath"));
        Path copy = dir.resolve("segment-" + sizes.size() + ".flv");
        if (Files.exists(file)) Files.copy(file, copy);
        else copy = node.output().resolve(data(closed).getString("RelativePath").replace(".flv", ".mp4"));
        sizes.add(Ffmpeg.videoSize(copy));
        assertTrue(Ffmpeg.firstVideoFlags(copy).startsWith("K"), "segment " + sizes.size() + " starts on a keyframe");
        assertTrue(Ffmpeg.probe(copy).durationSeconds() > 2.0, "segment " + sizes.size() + " plays");
      }
      assertTrue(sizes.contains("320x240") && sizes.contains("640x360"), "one segment per resolution: " + sizes);
      assertEquals(sizes.indexOf("320x240") + 1, sizes.indexOf("640x360"), "in order: " + sizes);
    }
  }

  /**
   * A publisher that restarts (OBS stopped and started again): its second stream's timestamps start
   * from zero again. The first segment closes when nginx-rtmp says the stream ended, the second opens
   * when it is back, and both play with their own lengths, neither stretched by the jump. (A rollback
   * inside one stream, as a relay may pass it on, is SegmentCutterTest's.)
   */
  @Test
  void a_publisher_that_restarts_with_timestamps_from_zero_gives_two_playable_segments() throws Exception {
    Path first = Ffmpeg.flv(dir.resolve("first.flv"), 5, "320x240");
    Path again = Ffmpeg.flv(dir.resolve("again.flv"), 5, "320x240");
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"));
         TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_RECORD_SEGMENT_SECONDS", "600"));
         EventClient events = EventClient.connect(node.port())) {
      Http.get(node.port(), "/addroom?roomid=zero&url=" + URLEncoder.encode(rtmp.url("zero"), StandardCharsets.UTF_8));
      for (Path file : List.of(first, again)) {
        Process publisher = Processes.start(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
            "-i", file.toString(), "-c", "copy", "-f", "flv", rtmp.url("zero")), dir.resolve("publisher.log"));
        assertTrue(publisher.waitFor(60, TimeUnit.SECONDS), "the publisher sent its 5 s");
      }
      events.await(Duration.ofSeconds(30), "two segments closed", all -> events.ofType("FileClosed").size() >= 2);
      for (var closed : events.ofType("FileClosed")) {
        Path file = dir.resolve("node").resolve("works").resolve(data(closed).getString("RelativePath"));
        Path copy = Files.exists(file) ? Files.copy(file, dir.resolve("zero-" + file.getFileName()))
            : node.output().resolve(data(closed).getString("RelativePath").replace(".flv", ".mp4"));
        double seconds = Ffmpeg.probe(copy).durationSeconds();
        assertTrue(Ffmpeg.firstVideoFlags(copy).startsWith("K"), copy + " starts on a keyframe");
        assertTrue(seconds > 2.0 && seconds < 6.0, copy + " plays its own few seconds, not the jump: " + seconds);
      }
    }
  }

  /** The two files' packets back to back, the second's times following the first's: one stream, two configurations. */
  private static Path concatenate(Path first, Path second, Path out) throws Exception {
    List<Packet> a = FlvPackets.read(first);
    List<Packet> b = FlvPackets.read(second);
    long shift = a.get(a.size() - 1).dts() + 40 - b.get(0).dts();
    try (FlvWriter writer = new FlvWriter(out, true, true)) {
      for (Packet p : a) writer.write(p);
      for (Packet p : b) writer.write(p.at(p.dts() + shift));
    }
    return out;
  }
}
