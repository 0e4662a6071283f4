package recfleet.master.fleet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import recfleet.common.event.RecfleetEvent;

/**
 * What one operation on the {@link Fleet} changed: the rows to store, the events to publish, and
 * the nodes whose room list must be sent again once the rows are stored.
 */
public final class Changes {
  final Set<String> rooms = new LinkedHashSet<>();
  final Set<String> nodes = new LinkedHashSet<>();
  final Set<String> syncNodes = new LinkedHashSet<>();
  final List<RecfleetEvent> events = new ArrayList<>();

  public Set<String> rooms() {
    return rooms;
  }

  public Set<String> nodes() {
    return nodes;
  }

  public Set<String> syncNodes() {
    return syncNodes;
  }

  public List<RecfleetEvent> events() {
    return events;
  }

  public boolean isEmpty() {
    return rooms.isEmpty() && nodes.isEmpty() && syncNodes.isEmpty() && events.isEmpty();
  }
}
