package recfleet.node.media;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The last few seconds of one room's packets, always starting at a keyframe: what a pre-roll, a
 * precise start or a live cover reads. It keeps at least {@code keepMillis} of media behind the
 * newest packet (so at least one whole GOP), and drops whole GOPs from the front once more is held,
 * or once it holds more than {@code maxBytes} (but never its newest GOP). Plain Java, not
 * thread-safe: one room's ingest feeds it on one thread, readers copy out under the room's lock.
 */
public final class GopRing {
  private final long keepMillis;
  private final long maxBytes;
  private final Deque<Packet> packets = new ArrayDeque<>();
  private long bytes;
  private boolean sawVideo;

  public GopRing(long keepMillis, long maxBytes) {
    if (keepMillis < 0 || maxBytes <= 0) throw new IllegalArgumentException("keepMillis >= 0 and maxBytes > 0");
    this.keepMillis = keepMillis;
    this.maxBytes = maxBytes;
  }

  /** Adds the newest packet; before the first keyframe nothing is kept (a recording cannot start there). */
  public void add(Packet p) {
    if (p.kind() == TrackKind.VIDEO) sawVideo = true;
    if (packets.isEmpty() && !isStart(p)) return;
    packets.addLast(p);
    bytes += p.size();
    trim(p.dts());
  }

  /** Drops whole GOPs from the front while the next GOP alone still covers keepMillis, or while over the byte bound. */
  private void trim(long newest) {
    while (true) {
      Packet nextStart = secondStart();
      if (nextStart == null) return; // only one GOP held: it stays, whatever its size
      boolean enoughWithout = newest - nextStart.dts() >= keepMillis;
      if (!enoughWithout && bytes <= maxBytes) return;
      dropFirstGop();
    }
  }

  private Packet secondStart() {
    Iterator<Packet> it = packets.iterator();
    it.next();
    while (it.hasNext()) {
      Packet p = it.next();
      if (isStart(p)) return p;
    }
    return null;
  }

  private void dropFirstGop() {
    do {
      bytes -= packets.removeFirst().size();
    } while (!packets.isEmpty() && !isStart(packets.peekFirst()));
  }

  /** A video keyframe; for a room without video, any audio packet. */
  private boolean isStart(Packet p) {
    return sawVideo ? p.startsGop() : p.kind() == TrackKind.AUDIO;
  }

  /**
   * The packets from the newest keyframe at or before {@code dts} to the newest packet: where a
   * recording that must include {@code dts} starts. Empty when the ring holds nothing that old.
   */
  public List<Packet> fromKeyframeAtOrBefore(long dts) {
    List<Packet> out = new ArrayList<>();
    Packet start = null;
    for (Packet p : packets) {
      if (isStart(p) && p.dts() <= dts) start = p;
    }
    if (start == null) return out;
    boolean in = false;
    for (Packet p : packets) {
      if (p == start) in = true;
      if (in) out.add(p);
    }
    return out;
  }

  /** The newest keyframe held: a live cover decodes it. */
  public Optional<Packet> newestKeyframe() {
    Iterator<Packet> it = packets.descendingIterator();
    while (it.hasNext()) {
      Packet p = it.next();
      if (p.startsGop()) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** Media held, from the first packet to the newest, in ms. */
  public long heldMillis() {
    return packets.isEmpty() ? 0 : packets.peekLast().dts() - packets.peekFirst().dts();
  }

  public long bytes() {
    return bytes;
  }

  public int size() {
    return packets.size();
  }
}
