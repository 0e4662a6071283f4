package recfleet.master;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import recfleet.common.link.NodeHeartbeat;

/**
 * The nodes the master has heard from, with their latest figures. Not thread-safe: it lives on
 * the master verticle's event loop. A node that left cleanly is LEFT; one whose heartbeats
 * stopped for {@code downAfter} is DOWN (placement and failover act on that in a later step).
 */
public final class NodeRegistry {
  public enum NodeState { UP, DOWN, LEFT }

  public record NodeView(String nodeId, NodeState state, long lastSeenEpochMs, NodeHeartbeat latest) {}

  private record Entry(NodeHeartbeat latest, long lastSeenMs, boolean left) {}

  private final Map<String, Entry> nodes = new LinkedHashMap<>();
  private final Clock clock;
  private final Duration downAfter;

  public NodeRegistry(Clock clock, Duration downAfter) {
    this.clock = clock;
    this.downAfter = downAfter;
  }

  /** Records a heartbeat; true when the node was not known before. */
  public boolean heard(NodeHeartbeat heartbeat) {
    return nodes.put(heartbeat.nodeId(), new Entry(heartbeat, clock.millis(), false)) == null;
  }

  public void left(String nodeId) {
    nodes.computeIfPresent(nodeId, (id, e) -> new Entry(e.latest(), e.lastSeenMs(), true));
  }

  public List<NodeView> list() {
    long now = clock.millis();
    List<NodeView> out = new ArrayList<>();
    nodes.forEach((id, e) -> out.add(new NodeView(id, stateOf(e, now), e.lastSeenMs(), e.latest())));
    out.sort(Comparator.comparing(NodeView::nodeId));
    return out;
  }

  private NodeState stateOf(Entry e, long now) {
    if (e.left()) return NodeState.LEFT;
    return now - e.lastSeenMs() > downAfter.toMillis() ? NodeState.DOWN : NodeState.UP;
  }
}
