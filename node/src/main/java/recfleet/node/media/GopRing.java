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
 * or once it holds more than {@code maxBytes} (but never its newest GOP). Packets are held GOP by
 * GOP, so adding one costs the same however long the GOPs are. It holds each packet it keeps (a
 * pooled payload goes back when the packet leaves the ring). Plain Java, not thread-safe: one room's
 * ingest feeds it on one thread, readers copy out under the room's lock, and a reader that keeps
 * packets past that lock retains them (or detaches a copy).
 */
public final class GopRing {
  /** One GOP: a start (a video keyframe; an audio packet while no video was seen) and what follows it. */
  private static final class Gop {
    final List<Packet> packets = new ArrayList<>();
    /** When its first packet arrived (wall clock, ms): what "at or before T" is judged by. */
    final long arrivedAtMs;
    long bytes;

    Gop(long arrivedAtMs) {
      this.arrivedAtMs = arrivedAtMs;
    }

    Packet start() {
      return packets.get(0);
    }
  }

  private final long keepMillis;
  private final long maxBytes;
  private final Deque<Gop> gops = new ArrayDeque<>();
  private long bytes;
  private int size;
  private boolean sawVideo;
  /** The newest dts from which the front GOP may go (the second GOP alone then covers keepMillis). */
  private long trimDueAt = Long.MIN_VALUE;

  public GopRing(long keepMillis, long maxBytes) {
    if (keepMillis < 0 || maxBytes <= 0) throw new IllegalArgumentException("keepMillis >= 0 and maxBytes > 0");
    this.keepMillis = keepMillis;
    this.maxBytes = maxBytes;
  }

  /**
   * Adds the newest packet, which arrived at {@code arrivedAtMs} (wall clock); before the first
   * keyframe nothing is kept (a recording cannot start there).
   */
  public void add(Packet p, long arrivedAtMs) {
    if (p.kind() == TrackKind.VIDEO) sawVideo = true;
    if (isStart(p)) {
      gops.addLast(new Gop(arrivedAtMs));
      if (gops.size() == 2) trimDueAt = p.dts() + keepMillis;
    } else if (gops.isEmpty()) {
      return;
    }
    Gop last = gops.peekLast();
    last.packets.add(p.retain());
    last.bytes += p.size();
    bytes += p.size();
    size++;
    trim(p.dts());
  }

  /** Drops whole GOPs from the front while the next one alone still covers keepMillis, or while over the byte bound. */
  private void trim(long newest) {
    if (newest < trimDueAt && bytes <= maxBytes) return; // the common case, without walking the GOPs
    trimDueAt = Long.MAX_VALUE;
    while (gops.size() > 1) {
      Iterator<Gop> it = gops.iterator();
      Gop first = it.next();
      long secondStart = it.next().start().dts();
      boolean enoughWithout = newest - secondStart >= keepMillis;
      if (!enoughWithout && bytes <= maxBytes) {
        trimDueAt = secondStart + keepMillis;
        return;
      }
      gops.removeFirst();
      bytes -= first.bytes;
      size -= first.packets.size();
      for (Packet dropped : first.packets) dropped.release();
    }
  }

  /** Lets go of every packet held (the room stopped): their pooled payloads go back. */
  public void clear() {
    for (Gop g : gops) {
      for (Packet p : g.packets) p.release();
    }
    gops.clear();
    bytes = 0;
    size = 0;
    trimDueAt = Long.MIN_VALUE;
  }

  /** A video keyframe; for a room without video, any audio packet. */
  private boolean isStart(Packet p) {
    return sawVideo ? p.startsGop() : p.kind() == TrackKind.AUDIO;
  }

  /**
   * Packets from the ring, from a keyframe on: {@code startArrivedAtMs} is when that keyframe
   * arrived; a later packet's arrival is taken as that plus its media time since the keyframe.
   */
  public record Slice(List<Packet> packets, long startArrivedAtMs) {
    public long arrivedAtMs(Packet p) {
      return startArrivedAtMs + Math.max(0, p.dts() - packets.get(0).dts());
    }
  }

  /**
   * The packets from the newest keyframe that arrived at or before {@code atMs} (wall clock) to the
   * newest packet: where a recording that must include {@code atMs} starts. Empty when the ring
   * holds nothing that old. The packets are the ring's: a caller that keeps them retains them.
   */
  public Optional<Slice> fromKeyframeAtOrBefore(long atMs) {
    Iterator<Gop> it = gops.descendingIterator();
    Deque<Gop> from = new ArrayDeque<>();
    while (it.hasNext()) {
      Gop g = it.next();
      from.addFirst(g);
      if (g.arrivedAtMs <= atMs) {
        List<Packet> out = new ArrayList<>();
        for (Gop f : from) out.addAll(f.packets);
        return Optional.of(new Slice(out, g.arrivedAtMs));
      }
    }
    return Optional.empty();
  }

  /** When the oldest keyframe held arrived (wall clock), if any: how far back a recording can start. */
  public Optional<Long> oldestArrivalMs() {
    return gops.isEmpty() ? Optional.empty() : Optional.of(gops.peekFirst().arrivedAtMs);
  }

  /** The newest keyframe held: a live cover decodes it. */
  public Optional<Packet> newestKeyframe() {
    Iterator<Gop> it = gops.descendingIterator();
    while (it.hasNext()) {
      Packet start = it.next().start();
      if (start.startsGop()) return Optional.of(start);
    }
    return Optional.empty();
  }

  /** Media held, from the first packet to the newest, in ms. */
  public long heldMillis() {
    if (gops.isEmpty()) return 0;
    List<Packet> newest = gops.peekLast().packets;
    return newest.get(newest.size() - 1).dts() - gops.peekFirst().start().dts();
  }

  public long bytes() {
    return bytes;
  }

  public int size() {
    return size;
  }
}
