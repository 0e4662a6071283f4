package recfleet.node.modes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When an on-demand room's packets are written: not until a capture asks (a task, an event, a
 * precise start), then until the latest end any open capture asked for, so captures that overlap
 * share one file. Each capture has an id, an end (or none: until stopped), and can be stopped on
 * its own; the window closes when no capture is left. Pure: its recorder asks it on one thread with
 * the clock's time.
 */
public final class CaptureWindow {
  /** No end: written until stopped. */
  public static final long OPEN_ENDED = Long.MAX_VALUE;

  private final Map<String, Long> endsAt = new LinkedHashMap<>();

  /** What a capture request did: opened the window (write from the ring first) or joined an open one. */
  public enum Opened { OPENED, JOINED }

  /** A capture until {@code endMs} (or {@link #OPEN_ENDED}); a repeated id moves its end. */
  public Opened open(String captureId, long endMs, long nowMs) {
    boolean wasOpen = isOpen(nowMs);
    endsAt.put(captureId, endMs);
    return wasOpen ? Opened.JOINED : Opened.OPENED;
  }

  /** Ends one capture now; true if it was open. */
  public boolean stop(String captureId) {
    return endsAt.remove(captureId) != null;
  }

  /** Asked for every packet of an on-demand room: a loop over a capture or two, nothing allocated. */
  public boolean isOpen(long nowMs) {
    for (long end : endsAt.values()) {
      if (end > nowMs) return true;
    }
    return false;
  }

  /** The captures whose end has come, removed: each is over (its file closes when none is left). */
  public Map<String, Long> expire(long nowMs) {
    if (!anyDue(nowMs)) return Map.of(); // the common case, for every packet
    Map<String, Long> over = new LinkedHashMap<>();
    endsAt.entrySet().removeIf(e -> {
      if (e.getValue() > nowMs) return false;
      over.put(e.getKey(), e.getValue());
      return true;
    });
    return over;
  }

  private boolean anyDue(long nowMs) {
    for (long end : endsAt.values()) {
      if (end <= nowMs) return true;
    }
    return false;
  }

  /** Ends every capture at once (the room stops); their ids, oldest first. */
  public List<String> stopAll() {
    List<String> ids = List.copyOf(endsAt.keySet());
    endsAt.clear();
    return ids;
  }

  /** The first capture still open: the one a new file of this window belongs to. */
  public Optional<String> current() {
    return endsAt.keySet().stream().findFirst();
  }

  public boolean holds(String captureId) {
    return endsAt.containsKey(captureId);
  }
}
