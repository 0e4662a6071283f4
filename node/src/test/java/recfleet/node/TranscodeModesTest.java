package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.transcode.Encoder;
import recfleet.node.transcode.Remuxer;
import recfleet.node.transcode.TranscodeMode;
import recfleet.node.transcode.TranscodeProgress;
import recfleet.node.transcode.TranscodeResult;
import recfleet.node.transcode.TranscodeSettings;
import recfleet.node.transcode.VideoEncoder;

/** Every mode of [TRANSCODE] on a generated recording, checked on the real output with ffprobe and ffmpeg. */
class TranscodeModesTest {
  private static final int TARGET_KBPS = 800;

  @TempDir
  static Path dir;
  static Path input;

  @BeforeAll
  static void makeRecording() throws Exception {
    input = Ffmpeg.flv(dir.resolve("input.flv"), 8, "640x360");
  }

  private static TranscodeSettings settings(TranscodeMode mode) {
    return new TranscodeSettings(mode, VideoEncoder.X264, 23, 23, TARGET_KBPS, TARGET_KBPS * 2, "veryfast", 2);
  }

  private static Path encode(String name, TranscodeSettings s) throws Exception {
    Path out = dir.resolve(name + ".mp4");
    TranscodeResult r = new Encoder().encode(input, out, s, TranscodeProgress.NONE);
    assertFalse(r.truncated(), name + ": " + r.note());
    Ffmpeg.Probe probe = Ffmpeg.probe(out);
    assertEquals(8.0, probe.durationSeconds(), 1.0, name + " keeps the duration");
    assertFalse(Files.exists(dir.resolve(name + ".mp4.part")));
    return out;
  }

  @Test
  void crf_gives_smaller_files_for_larger_values() throws Exception {
    long fine = Files.size(encode("crf20", settings(TranscodeMode.CRF).withOverrides(java.util.Map.of("crf", 20))));
    long coarse = Files.size(encode("crf35", settings(TranscodeMode.CRF).withOverrides(java.util.Map.of("crf", 35))));
    assertTrue(coarse < fine, "crf 35 " + coarse + " bytes vs crf 20 " + fine);
  }

  @Test
  void cq_gives_smaller_files_for_larger_values() throws Exception {
    long fine = Files.size(encode("cq20", settings(TranscodeMode.CQ).withOverrides(java.util.Map.of("cq", 20))));
    long coarse = Files.size(encode("cq35", settings(TranscodeMode.CQ).withOverrides(java.util.Map.of("CQ", "35"))));
    assertTrue(coarse < fine, "cq 35 " + coarse + " bytes vs cq 20 " + fine);
  }

  @Test
  void fixed_average_and_variable_bitrates_land_within_15_percent_of_the_target() throws Exception {
    for (TranscodeMode mode : new TranscodeMode[] {TranscodeMode.B, TranscodeMode.ABR, TranscodeMode.VBR}) {
      long bps = Ffmpeg.videoBitrate(encode(mode.name(), settings(mode)));
      double ratio = bps / (TARGET_KBPS * 1000.0);
      assertTrue(ratio > 0.85 && ratio < 1.15, mode + " gave " + bps + " bit/s for a " + TARGET_KBPS + " kbit/s target");
    }
  }

  @Test
  void x265_encodes_hevc() throws Exception {
    var s = settings(TranscodeMode.CRF).withOverrides(java.util.Map.of("encoder", "x265", "preset", "ultrafast"));
    assertEquals("hevc", Ffmpeg.probe(encode("x265", s)).videoCodec());
  }

  @Test
  void copy_keeps_the_video_packets_bit_exact() throws Exception {
    Path out = dir.resolve("copy.mp4");
    TranscodeResult r = new Remuxer().remux(input, out, TranscodeProgress.NONE);
    assertFalse(r.truncated());
    var before = Ffmpeg.videoPacketHashes(input);
    var after = Ffmpeg.videoPacketHashes(out);
    assertEquals(200, before.size());
    assertEquals(before, after);
  }
}
