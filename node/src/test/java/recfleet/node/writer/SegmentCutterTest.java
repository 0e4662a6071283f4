package recfleet.node.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import recfleet.node.media.CodecConfig;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;
import recfleet.node.writer.SegmentCutter.Step;

/** Where segments begin and end, packet by packet: the rule, a new configuration, a timestamp break. */
class SegmentCutterTest {
  private static final CodecConfig AVC_A = new CodecConfig(TrackKind.VIDEO, CodecConfig.AVC, 0, new byte[] {1, 2});
  private static final CodecConfig AVC_B = new CodecConfig(TrackKind.VIDEO, CodecConfig.AVC, 0, new byte[] {1, 3});
  private static final CodecConfig AAC = new CodecConfig(TrackKind.AUDIO, CodecConfig.AAC, 0xaf, new byte[] {0x12, 0x10});

  @Test
  void a_segment_starts_on_a_keyframe_and_is_cut_by_time_on_the_first_keyframe_after_the_limit() {
    SegmentCutter cutter = new SegmentCutter(new SplitRule(2000, 0));
    assertEquals(Step.DROP, cutter.next(audio(0)), "nothing before the first keyframe");
    assertEquals(Step.DROP, cutter.next(video(0, false, AVC_A)));
    List<Step> steps = new ArrayList<>();
    for (int t = 40; t <= 4000; t += 40) steps.add(cutter.next(video(t, t % 1000 == 0, AVC_A)));
    // keyframes every second from t=1000: the first segment starts at 1000, the next at 3000
    assertEquals(2, steps.stream().filter(s -> s == Step.CUT).count(), steps.toString());
    assertEquals(Step.CUT, steps.get(1000 / 40 - 1));
    assertEquals(Step.CUT, steps.get(3000 / 40 - 1));
    assertNull(cutter.breakReason(), "cut by the rule");
  }

  @Test
  void a_cut_by_size_and_none_at_all() {
    SegmentCutter bySize = new SegmentCutter(new SplitRule(0, 1000));
    SegmentCutter never = new SegmentCutter(SplitRule.NONE);
    int bySizeCuts = 0;
    int neverCuts = 0;
    for (int t = 0; t < 10_000; t += 40) {
      Packet p = video(t, t % 1000 == 0, AVC_A); // 100 bytes each
      if (bySize.next(p) == Step.CUT) bySizeCuts++;
      if (never.next(p) == Step.CUT) neverCuts++;
    }
    assertEquals(10, bySizeCuts, "1000 bytes pass within each 1 s GOP: every keyframe cuts");
    assertEquals(1, neverCuts, "one file per session");
  }

  @Test
  void a_new_configuration_or_a_timestamp_rollback_ends_the_segment_and_the_next_keyframe_starts_one() {
    SegmentCutter cutter = new SegmentCutter(SplitRule.NONE);
    assertEquals(Step.CUT, cutter.next(video(0, true, AVC_A)));
    assertEquals(Step.WRITE, cutter.next(audio(10)));
    assertEquals(Step.WRITE, cutter.next(video(40, false, AVC_A)));
    // a new resolution: the keyframe with the new record starts a segment at once
    assertEquals(Step.CUT, cutter.next(video(80, true, AVC_B)));
    assertTrue(cutter.breakReason().contains("video configuration changed"), cutter.breakReason());
    assertEquals(Step.WRITE, cutter.next(video(120, false, AVC_B)));
    assertEquals(Step.WRITE, cutter.next(video(2000, false, AVC_B)));
    // the publisher restarted from zero: what comes before its keyframe cannot play, it is dropped
    assertEquals(Step.DROP, cutter.next(audio(0)));
    assertEquals(Step.DROP, cutter.next(video(0, false, AVC_B)));
    assertEquals(Step.CUT, cutter.next(video(40, true, AVC_B)));
    assertTrue(cutter.breakReason().contains("timestamps jumped from 2000 to 0"), cutter.breakReason());
    assertEquals(Step.WRITE, cutter.next(audio(50)));
    // a jump ahead of more than 10 s is a break too
    assertEquals(Step.DROP, cutter.next(video(20_000, false, AVC_B)));
    assertEquals(Step.CUT, cutter.next(video(20_040, true, AVC_B)));
  }

  private static Packet video(long dts, boolean key, CodecConfig config) {
    return new Packet(TrackKind.VIDEO, dts, 0, key, config, new byte[100]);
  }

  private static Packet audio(long dts) {
    return new Packet(TrackKind.AUDIO, dts, 0, true, AAC, new byte[10]);
  }
}
