package recfleet.node.link;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;

/**
 * The node's events that could not go to the master (no link, or a link that had just closed),
 * kept in order until the next link is confirmed, so the master's subscribers still learn of
 * every file closed or uploaded during a master restart or a network cut. Progress events are
 * not kept: they are stale as soon as the next one is raised. Bounded: past {@code capacity}
 * the oldest are dropped and counted. Used on the agent's event loop only.
 */
final class EventBacklog {
  private final int capacity;
  private final Deque<RecfleetEvent> events = new ArrayDeque<>();
  private long dropped;

  EventBacklog(int capacity) {
    this.capacity = capacity;
  }

  void keep(RecfleetEvent event) {
    if (isProgress(event.eventType())) return;
    if (events.size() >= capacity) {
      events.pollFirst();
      dropped++;
    }
    events.addLast(event);
  }

  /** Offers the kept events, oldest first, until {@code send} refuses one; returns how many went. */
  int sendWhile(Predicate<RecfleetEvent> send) {
    int sent = 0;
    while (!events.isEmpty() && send.test(events.peekFirst())) {
      events.pollFirst();
      sent++;
    }
    return sent;
  }

  int size() {
    return events.size();
  }

  /** How many were dropped for want of room since the last call. */
  long takeDropped() {
    long d = dropped;
    dropped = 0;
    return d;
  }

  private static boolean isProgress(EventType type) {
    return type == EventType.IsTranscode || type == EventType.IsUp || type == EventType.heartbeat;
  }
}
