package recfleet.node.notify;

import io.vertx.core.eventbus.EventBus;
import java.time.ZoneId;
import java.util.Map;
import recfleet.common.Addresses;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;

/**
 * Builds events stamped with this node's id and the time in its zone ({@code [RECORD] timezone},
 * the zone its file names use too), and publishes them on the bus, where the notify stage fans
 * them out. Safe to call from any thread (recording threads, workers, event loops).
 */
public final class NodeEvents {
  private final EventBus bus;
  private final String nodeId;
  private final ZoneId zone;

  public NodeEvents(EventBus bus, String nodeId, ZoneId zone) {
    this.bus = bus;
    this.nodeId = nodeId;
    this.zone = zone;
  }

  public String nodeId() {
    return nodeId;
  }

  public ZoneId zone() {
    return zone;
  }

  public RecfleetEvent publish(EventType type, Map<String, Object> data) {
    return publish(RecfleetEvent.of(type, nodeId, data, zone));
  }

  /** Publishes an event whose id is fixed by {@code subject}, so a re-send after a crash dedupes. */
  public RecfleetEvent publishOnce(EventType type, String subject, Map<String, Object> data) {
    return publish(RecfleetEvent.once(type, nodeId, subject, data, zone));
  }

  /** Passes on another recorder's event under the sender's own id. */
  public RecfleetEvent publishForwarded(EventType type, String senderEventId, Map<String, Object> data) {
    return publish(RecfleetEvent.forwarded(type, nodeId, senderEventId, data, zone));
  }

  public RecfleetEvent publish(RecfleetEvent event) {
    bus.publish(Addresses.EVT_ALL, event);
    return event;
  }
}
