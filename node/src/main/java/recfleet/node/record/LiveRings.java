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
  private final Map<String, GopRing> rings = new ConcurrentHashMap<>();

  void put(String roomId, GopRing ring) {
    rings.put(roomId, ring);
  }

  void remove(String roomId, GopRing ring) {
    rings.remove(roomId, ring);
  }

  /** The room's newest buffered keyframe, or empty (not recorded through the ring, or nothing yet). */
  public Optional<Packet> newestKeyframe(String roomId) {
    GopRing ring = rings.get(roomId);
    if (ring == null) return Optional.empty();
    synchronized (ring) {
      return ring.newestKeyframe();
    }
  }

  /** Whether the room is recorded through a ring (then a cover never needs a second connection). */
  public boolean holds(String roomId) {
    return rings.containsKey(roomId);
  }
}
