package recfleet.node.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.media.Packet;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.FlvPackets;

/**
 * The fragmented MP4 writer, judged by the ffmpeg CLI: the packets are the source's, byte for byte
 * (framemd5 of video and audio), the length is the source's within one frame, the first video
 * packet is a keyframe. A copy torn in the middle of its last part, as a kill -9 leaves it, still
 * plays, and after {@link Fmp4Repair} holds exactly its whole parts.
 */
class Fmp4WriterTest {
  @TempDir
  Path dir;

  @Test
  void a_copy_to_fragmented_mp4_is_bit_exact_keeps_its_length_and_starts_on_a_keyframe() throws Exception {
    Path source = Ffmpeg.flv(dir.resolve("source.flv"), 6, "320x240");
    Path copy = dir.resolve("copy.rec.mp4");
    try (Fmp4Writer writer = new Fmp4Writer(copy, 500)) {
      for (Packet p : FlvPackets.read(source)) writer.write(p);
    }
    assertEquals(Ffmpeg.packetHashes(source, "0:v:0"), Ffmpeg.packetHashes(copy, "0:v:0"), "video bit-exact");
    assertEquals(Ffmpeg.packetHashes(source, "0:a:0"), Ffmpeg.packetHashes(copy, "0:a:0"), "audio bit-exact");
    assertEquals(Ffmpeg.probe(source).durationSeconds(), Ffmpeg.probe(copy).durationSeconds(), 0.04,
        "the same length, within one frame");
    assertEquals("h264", Ffmpeg.probe(copy).videoCodec());
    assertEquals("320x240", Ffmpeg.videoSize(copy), "the size from the SPS");
    assertTrue(Ffmpeg.firstVideoFlags(copy).startsWith("K"), "the first video packet is a keyframe");
  }

  @Test
  void a_file_torn_inside_its_last_part_plays_and_is_trimmed_to_its_whole_parts() throws Exception {
    Path source = Ffmpeg.flv(dir.resolve("source.flv"), 6, "320x240");
    Path whole = dir.resolve("whole.rec.mp4");
    List<Long> partEnds = new ArrayList<>();
    try (Fmp4Writer writer = new Fmp4Writer(whole, 1000)) {
      long size = 0;
      for (Packet p : FlvPackets.read(source)) {
        writer.write(p);
        long now = Files.size(whole);
        if (now != size) partEnds.add(now); // the writer hands each part to the OS in one go
        size = now;
      }
    }
    assertTrue(partEnds.size() >= 4, "parts written as the recording went: " + partEnds);
    Path torn = dir.resolve("torn.rec.mp4");
    long cut = partEnds.get(3) + (partEnds.get(4) - partEnds.get(3)) / 2; // inside the fifth part
    Files.copy(whole, torn);
    try (RandomAccessFile raf = new RandomAccessFile(torn.toFile(), "rw")) {
      raf.setLength(cut);
    }
    double asItIs = Ffmpeg.probe(torn).durationSeconds();
    assertTrue(asItIs >= 3.0, "plays as it is, up to its last whole part: " + asItIs + " s");
    assertEquals(partEnds.get(3), Fmp4Repair.trimToWholeParts(torn), "trimmed to the end of the fourth part");
    List<String> kept = Ffmpeg.packetHashes(torn, "0:v:0");
    assertEquals(Ffmpeg.packetHashes(whole, "0:v:0").subList(0, kept.size()), kept, "what is kept is the start, unchanged");
    double trimmed = Ffmpeg.probe(torn).durationSeconds();
    assertTrue(trimmed >= 3.0 && trimmed <= asItIs, "four whole parts of about 1 s: " + trimmed + " s");
    assertTrue(kept.size() >= 75, "at least 3 s of 25 fps video kept: " + kept.size() + " frames");
  }
}
