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
  void encoding_copies_aac_audio_packet_for_packet_and_keeps_it_in_sync() throws Exception {
    Path out = encode("audiocopy", settings(TranscodeMode.CRF));
    assertEquals("aac", Ffmpeg.audioCodec(out));
    var before = Ffmpeg.packetHashes(input, "0:a:0");
    var after = Ffmpeg.packetHashes(out, "0:a:0");
    // Audio from before the first video frame (the AAC encoder's priming) is left out, nothing else.
    assertTrue(before.size() - after.size() <= 2, before.size() + " source packets, " + after.size() + " copied");
    assertEquals(before.subList(before.size() - after.size(), before.size()), after);
  }

  @Test
  void audio_that_mp4_cannot_carry_is_reencoded_to_aac() throws Exception {
    Path pcm = Ffmpeg.flvWithPcm(dir.resolve("pcm.flv"), 4);
    Path out = dir.resolve("pcm.mp4");
    new Encoder().encode(pcm, out, settings(TranscodeMode.CRF), TranscodeProgress.NONE);
    assertEquals("aac", Ffmpeg.audioCodec(out));
    assertEquals(4.0, Ffmpeg.probe(out).durationSeconds(), 1.0);
  }

  @Test
  void copy_refuses_audio_that_mp4_cannot_carry_with_a_reason() throws Exception {
    Path pcm = Ffmpeg.flvWithPcm(dir.resolve("pcm-copy.flv"), 2);
    var e = org.junit.jupiter.api.Assertions.assertThrows(recfleet.node.transcode.UnusableInputException.class,
        () -> new Remuxer().remux(pcm, dir.resolve("pcm-copy.mp4"), TranscodeProgress.NONE));
    assertTrue(e.getMessage().contains("encoding mode"), e.getMessage());
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
