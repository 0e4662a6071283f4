package recfleet.node.notify;

import io.vertx.core.eventbus.EventBus;
import java.util.Map;
import recfleet.common.Addresses;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;

/**
 * Builds events stamped with this node's id and publishes them on the bus, where the notify
 * stage fans them out. Safe to call from any thread (recording threads, workers, event loops).
 */
public final class NodeEvents {
  private final EventBus bus;
  private final String nodeId;

  public NodeEvents(EventBus bus, String nodeId) {
    this.bus = bus;
    this.nodeId = nodeId;
  }

  public String nodeId() {
    return nodeId;
  }

  public RecfleetEvent publish(EventType type, Map<String, Object> data) {
    return publish(RecfleetEvent.of(type, nodeId, data));
  }

  /** Publishes an event whose id is fixed by {@code subject}, so a re-send after a crash dedupes. */
  public RecfleetEvent publishOnce(EventType type, String subject, Map<String, Object> data) {
    return publish(RecfleetEvent.once(type, nodeId, subject, data));
  }

  public RecfleetEvent publish(RecfleetEvent event) {
    bus.publish(Addresses.EVT_ALL, event);
    return event;
  }
}
