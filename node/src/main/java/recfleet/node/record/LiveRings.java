package recfleet.node.record;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import recfleet.node.media.GopRing;
import recfleet.node.media.Packet;

/**
 * The GOP ring of every room recorded through the packet engine, for readers outside the recording:
 * the live cover decodes the newest keyframe, and pre-rolls and precise starts read "from the
 * keyframe at or before T". A ring is read under its own lock, the one its ingest writes under.
 */
public final class LiveRings {
  /** {@code ringOnly}: the room's source must not be asked twice (the Java ingest's rooms): no fallback grab. */
  private record Held(GopRing ring, boolean ringOnly) {}

  private final Map<String, Held> rooms = new ConcurrentHashMap<>();

  void put(String roomId, GopRing ring, boolean ringOnly) {
    rooms.put(roomId, new Held(ring, ringOnly));
  }

  /** The room's recording stopped: its ring is no longer read, and lets go of its packets. */
  void remove(String roomId, GopRing ring) {
    rooms.computeIfPresent(roomId, (id, held) -> held.ring() == ring ? null : held);
    synchronized (ring) {
      ring.clear();
    }
  }

  /**
   * A copy of the room's newest buffered keyframe, or empty (not recorded through the ring, or nothing
   * yet): a copy, because the ring's own may go back to the pool while the cover is being made.
   */
  public Optional<Packet> newestKeyframe(String roomId) {
    Held held = rooms.get(roomId);
    if (held == null) return Optional.empty();
    GopRing ring = held.ring();
    synchronized (ring) {
      return ring.newestKeyframe().map(Packet::detached);
    }
  }

  /** Whether a picture of the room may only come from its ring, never from a second connection to its source. */
  public boolean ringOnly(String roomId) {
    Held held = rooms.get(roomId);
    return held != null && held.ringOnly();
  }
}
