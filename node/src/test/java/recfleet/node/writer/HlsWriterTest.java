package recfleet.node.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.media.Packet;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.FlvPackets;
import recfleet.node.transcode.MediaProbe;

/**
 * The HLS writer, judged by the ffmpeg CLI reading its playlist: the packets are the source's, byte
 * for byte (framemd5), the length is the source's within one frame, each segment starts on a
 * keyframe. A writer that dies mid-segment leaves a playlist of whole segments only, which plays
 * once it is ended (HlsRepair).
 */
class HlsWriterTest {
  @TempDir
  Path dir;

  @Test
  void an_hls_copy_is_bit_exact_keeps_its_length_and_starts_each_segment_on_a_keyframe() throws Exception {
    Path source = Ffmpeg.flv(dir.resolve("source.flv"), 8, "320x240"); // 2 s GOPs
    Path playlist = dir.resolve("hls").resolve("index.m3u8");
    try (HlsWriter writer = new HlsWriter(playlist, 2000, 500)) {
      for (Packet p : FlvPackets.read(source)) writer.write(p);
    }
    String text = Files.readString(playlist);
    assertTrue(text.contains("#EXT-X-ENDLIST") && text.contains("#EXT-X-MAP:URI=\"init.mp4\""), text);
    List<String> segments = segments(text);
    assertEquals(4, segments.size(), "four 2 s segments: " + text);
    assertEquals(Ffmpeg.packetHashes(source, "0:v:0"), Ffmpeg.packetHashes(playlist, "0:v:0"), "video bit-exact");
    assertEquals(Ffmpeg.packetHashes(source, "0:a:0"), Ffmpeg.packetHashes(playlist, "0:a:0"), "audio bit-exact");
    assertEquals(Ffmpeg.probe(source).durationSeconds(), Ffmpeg.probe(playlist).durationSeconds(), 0.05,
        "the same length, within a frame");
    assertEquals(Ffmpeg.probe(source).durationSeconds() * 1000, MediaProbe.probe(playlist).durationMs(), 50,
        "the transcode stage's FFmpeg (JavaCV) reads the playlist and its .m4s segments too");
    for (String segment : segments) {
      Path alone = joined(playlist.getParent(), segment);
      assertTrue(Ffmpeg.firstVideoFlags(alone).startsWith("K"), segment + " starts on a keyframe");
    }
  }

  @Test
  void a_writer_that_dies_mid_segment_leaves_whole_segments_that_play_once_ended() throws Exception {
    Path source = Ffmpeg.flv(dir.resolve("source.flv"), 8, "320x240");
    Path playlist = dir.resolve("hls").resolve("index.m3u8");
    List<Packet> packets = FlvPackets.read(source);
    HlsWriter writer = new HlsWriter(playlist, 2000, 500);
    for (Packet p : packets.subList(0, packets.size() * 5 / 8)) writer.write(p); // about 5 s, then nothing more
    String text = Files.readString(playlist);
    assertFalse(text.contains("#EXT-X-ENDLIST"), "still live: " + text);
    List<String> listed = segments(text);
    assertEquals(2, listed.size(), "the two whole segments, not the one in progress: " + text);
    assertTrue(Files.exists(playlist.resolveSibling("seg-00003.m4s")), "the third was being written");
    assertEquals(2, HlsRepair.end(playlist));
    assertFalse(Files.exists(playlist.resolveSibling("seg-00003.m4s")), "the torn segment is dropped, not stored");
    double seconds = Ffmpeg.probe(playlist).durationSeconds();
    assertEquals(4.0, seconds, 0.1, "the two whole segments play");
  }

  private static List<String> segments(String playlist) {
    return playlist.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  /** init.mp4 + one segment: what a player decodes for that segment alone. */
  private Path joined(Path folder, String segment) throws IOException {
    Path out = dir.resolve(segment + ".mp4");
    byte[] init = Files.readAllBytes(folder.resolve("init.mp4"));
    byte[] media = Files.readAllBytes(folder.resolve(segment));
    byte[] all = java.util.Arrays.copyOf(init, init.length + media.length);
    System.arraycopy(media, 0, all, init.length, media.length);
    Files.write(out, all);
    return out;
  }
}
