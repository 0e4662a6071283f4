package recfleet.node.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ring's rules on a synthetic 25 fps stream with a keyframe every second and audio in between,
 * each packet arriving {@link #WALL} ms (wall clock) after its media time: "at or before T" is
 * judged by arrival.
 */
class GopRingTest {
  private static final long WALL = 1_700_000_000_000L;
  private static final CodecConfig AVC = new CodecConfig(TrackKind.VIDEO, CodecConfig.AVC, 0, new byte[] {1, 2});
  private static final CodecConfig AAC = new CodecConfig(TrackKind.AUDIO, CodecConfig.AAC, 0xaf, new byte[] {0x12, 0x10});

  private static void feed(GopRing ring, long fromMs, long toMs, int videoBytes) {
    for (long t = fromMs; t < toMs; t += 40) {
      ring.add(new Packet(TrackKind.VIDEO, t, 0, t % 1000 == 0, AVC, new byte[videoBytes]), WALL + t);
      ring.add(new Packet(TrackKind.AUDIO, t + 10, 0, true, AAC, new byte[10]), WALL + t + 10);
    }
  }

  @Test
  void it_keeps_at_least_the_asked_seconds_from_a_keyframe_and_drops_whole_gops() {
    GopRing ring = new GopRing(2000, 50_000_000);
    feed(ring, 0, 10_000, 1000);
    // newest video at 9960 ms: keeping 2 s needs the keyframe at 7000 (8000 would leave 1.96 s)
    List<Packet> all = from(ring, Long.MAX_VALUE);
    assertTrue(ring.fromKeyframeAtOrBefore(WALL + 6999).isEmpty(), "nothing older than the first kept keyframe");
    assertEquals(WALL + 7000, ring.oldestArrivalMs().orElseThrow(), "how far back a start can go");
    assertEquals(7000, from(ring, WALL + 7000).get(0).dts());
    assertEquals(9000, all.get(0).dts(), "from the newest keyframe at or before 'now'");
    GopRing.Slice slice = ring.fromKeyframeAtOrBefore(WALL + 8500).orElseThrow();
    assertEquals(8000, slice.packets().get(0).dts());
    assertTrue(slice.packets().get(0).startsGop());
    assertEquals(WALL + 8000, slice.startArrivedAtMs(), "when that keyframe arrived");
    assertEquals(WALL + 9970, slice.arrivedAtMs(slice.packets().get(slice.packets().size() - 1)),
        "the newest packet (audio at 9970 ms): the keyframe's arrival plus its media time since");
    assertEquals(9000, ring.newestKeyframe().orElseThrow().dts());
    assertTrue(ring.heldMillis() >= 2000 && ring.heldMillis() < 3010, "held " + ring.heldMillis());
  }

  @Test
  void the_byte_bound_drops_old_gops_but_never_the_newest_one() {
    GopRing ring = new GopRing(60_000, 30_000); // a minute asked, 30 kB allowed: 25 kB per GOP at 1 kB a frame
    feed(ring, 0, 5_000, 1000);
    assertTrue(ring.bytes() <= 30_000 || from(ring, Long.MAX_VALUE).get(0).dts() == 4000,
        "over the bound only with the newest GOP alone: " + ring.bytes());
    assertEquals(4000, from(ring, Long.MAX_VALUE).get(0).dts());
    GopRing huge = new GopRing(2000, 1000);
    feed(huge, 0, 1_000, 5000);
    assertEquals(25, from(huge, Long.MAX_VALUE).stream().filter(p -> p.kind() == TrackKind.VIDEO).count(),
        "one GOP bigger than the bound stays whole");
  }

  @Test
  void nothing_is_kept_before_the_first_keyframe() {
    GopRing ring = new GopRing(2000, 1_000_000);
    ring.add(new Packet(TrackKind.VIDEO, 0, 0, false, AVC, new byte[10]), WALL);
    ring.add(new Packet(TrackKind.VIDEO, 40, 0, false, AVC, new byte[10]), WALL + 40);
    assertEquals(0, ring.size());
    ring.add(new Packet(TrackKind.VIDEO, 80, 0, true, AVC, new byte[10]), WALL + 80);
    assertEquals(1, ring.size());
  }

  private static List<Packet> from(GopRing ring, long atMs) {
    return ring.fromKeyframeAtOrBefore(atMs).map(GopRing.Slice::packets).orElse(List.of());
  }
}
