package recfleet.node.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.FlvPackets;
import recfleet.node.transcode.Remuxer;
import recfleet.node.transcode.TranscodeProgress;

/**
 * A stream whose audio steps back 300 ms mid-file, as FFmpeg's RTSP demuxer does when the first RTCP
 * sender report re-syncs a track: written as it comes, the FLV is one the transcode stage's remux
 * refuses (EINVAL from the MP4 muxer; seen in CameraTaskTest on rtsp-server-perl); through the track
 * clock it remuxes, and keeps its length.
 */
class TrackClockTest {
  @TempDir
  Path dir;

  @Test
  void a_track_that_steps_back_is_closed_up_so_the_file_remuxes_and_keeps_its_length() throws Exception {
    List<Packet> stream = new ArrayList<>();
    for (Packet p : FlvPackets.read(Ffmpeg.flv(dir.resolve("source.flv"), 6, "320x240"))) {
      // from 3 s on, the audio's times are 300 ms earlier: one step back, then on as before
      stream.add(p.kind() == TrackKind.AUDIO && p.dts() >= 3000 ? p.at(p.dts() - 300) : p);
    }
    Path raw = write(stream, null, "raw.flv");
    assertThrows(IOException.class, () -> new Remuxer().remux(raw, dir.resolve("raw.mp4"), TranscodeProgress.NONE),
        "a file whose audio steps back is refused by the remux");

    Path fixed = write(stream, new TrackClock(), "fixed.flv");
    Path mp4 = dir.resolve("fixed.mp4");
    new Remuxer().remux(fixed, mp4, TranscodeProgress.NONE);
    assertEquals(Ffmpeg.probe(fixed).durationSeconds(), Ffmpeg.probe(mp4).durationSeconds(), 0.1);
    assertEquals(Ffmpeg.packetHashes(fixed, "0:v:0"), Ffmpeg.packetHashes(mp4, "0:v:0"), "the video untouched");
  }

  @Test
  void each_track_rises_on_its_own_and_a_new_file_starts_afresh() {
    TrackClock clock = new TrackClock();
    assertEquals(100, clock.inOrder(audio(100)).dts());
    assertEquals(40, clock.inOrder(video(40)).dts(), "the other track has its own clock");
    assertEquals(101, clock.inOrder(audio(100)).dts(), "a repeat moves on by 1 ms");
    assertEquals(102, clock.inOrder(audio(50)).dts(), "a step back too");
    assertEquals(200, clock.inOrder(audio(200)).dts());
    clock.reset();
    assertEquals(50, clock.inOrder(audio(50)).dts(), "a new file keeps its packets' own times");
  }

  private Path write(List<Packet> packets, TrackClock clock, String name) throws IOException {
    Path out = dir.resolve(name);
    try (FlvWriter writer = new FlvWriter(out, true, true)) {
      for (Packet p : packets) writer.write(clock == null ? p : clock.inOrder(p));
    }
    return out;
  }

  private static Packet audio(long dts) {
    return new Packet(TrackKind.AUDIO, dts, 0, true, new recfleet.node.media.CodecConfig(TrackKind.AUDIO,
        recfleet.node.media.CodecConfig.AAC, 0xaf, new byte[] {0x12, 0x10}), new byte[4]);
  }

  private static Packet video(long dts) {
    return new Packet(TrackKind.VIDEO, dts, 0, false, new recfleet.node.media.CodecConfig(TrackKind.VIDEO,
        recfleet.node.media.CodecConfig.AVC, 0, new byte[] {1, 2}), new byte[4]);
  }
}
