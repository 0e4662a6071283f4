package recfleet.node.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.ingest.FlvTagParser;
import recfleet.node.media.GopRing;
import recfleet.node.media.Packet;
import recfleet.node.testing.Ffmpeg;

/**
 * The media engine's first path, with no FFmpeg in it: FLV bytes, fed in uneven chunks as a network
 * delivers them, become packets (FlvTagParser), pass a GOP ring, and are written back (FlvWriter).
 * The ffmpeg CLI made the source and judges the copy: per-packet hashes (framemd5) equal for video
 * and audio, the same duration, a keyframe first.
 */
class FlvCopyTest {
  @TempDir
  Path dir;

  @Test
  void a_copy_through_the_packet_model_is_bit_exact_and_keeps_its_length() throws Exception {
    Path source = Ffmpeg.flv(dir.resolve("source.flv"), 6, "320x240");
    Path copy = dir.resolve("copy.flv");
    GopRing ring = new GopRing(2000, 8 * 1024 * 1024);
    List<String> problems = new ArrayList<>();
    try (FlvWriter writer = new FlvWriter(copy, true, true)) {
      FlvTagParser parser = new FlvTagParser(new FlvTagParser.Listener() {
        @Override
        public void packet(Packet packet) {
          try {
            writer.write(packet);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          ring.add(packet, packet.dts());
        }

        @Override
        public void malformed(String why) {
          problems.add(why);
        }
      });
      byte[] bytes = Files.readAllBytes(source);
      Random chunks = new Random(42);
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(1 + chunks.nextInt(7000), bytes.length - at);
        parser.feed(bytes, at, n);
        at += n;
      }
    }
    assertTrue(problems.isEmpty(), "read as FLV: " + problems);
    assertEquals(Ffmpeg.packetHashes(source, "0:v:0"), Ffmpeg.packetHashes(copy, "0:v:0"), "video bit-exact");
    assertEquals(Ffmpeg.packetHashes(source, "0:a:0"), Ffmpeg.packetHashes(copy, "0:a:0"), "audio bit-exact");
    assertEquals(Ffmpeg.probe(source).durationSeconds(), Ffmpeg.probe(copy).durationSeconds(), 0.04,
        "the same length, within one frame");
    assertTrue(Ffmpeg.firstVideoFlags(copy).startsWith("K"), "the first video packet is a keyframe");
    // the ring held the last 2 s from a keyframe (GOPs of 2 s here), and the newest keyframe for a cover
    Packet newest = ring.newestKeyframe().orElseThrow();
    assertTrue(newest.startsGop());
    assertTrue(ring.fromKeyframeAtOrBefore(newest.dts()).orElseThrow().packets().get(0).startsGop());
    assertTrue(ring.heldMillis() >= 2000 - 40, "held " + ring.heldMillis() + " ms");
  }

  @Test
  void bytes_that_are_not_flv_are_said_to_be_so_once() {
    List<String> problems = new ArrayList<>();
    List<Packet> packets = new ArrayList<>();
    FlvTagParser parser = new FlvTagParser(new FlvTagParser.Listener() {
      @Override
      public void packet(Packet packet) {
        packets.add(packet.detached());
      }

      @Override
      public void malformed(String why) {
        problems.add(why);
      }
    });
    byte[] html = "<html><body>404 Not Found</body></html>".getBytes(StandardCharsets.US_ASCII);
    parser.feed(html, 0, html.length);
    parser.feed(html, 0, html.length);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("not FLV"), problems.get(0));
    assertTrue(packets.isEmpty());
  }
}
