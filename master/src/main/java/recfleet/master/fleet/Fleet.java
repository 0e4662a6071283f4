package recfleet.master.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.ApiError;
import recfleet.common.event.EventType;
import recfleet.common.event.RecfleetEvent;
import recfleet.common.link.Assignment;
import recfleet.common.link.HeldRoom;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeHello;
import recfleet.common.link.RoomSync;

/**
 * The master's picture of the fleet and every decision it takes: which node records which room,
 * when a node is down, where its rooms go. Plain Java with an injected clock and no I/O, so it
 * can be tested and benchmarked alone. Not thread-safe: it lives on the master's event loop.
 *
 * <p>Rules: a placement is sticky while its node is up and not drained; a node silent for
 * {@code downAfter} (or gone from the cluster) is DOWN and its rooms are placed again with a new
 * epoch; a node that said goodbye keeps its rooms for {@code rejoinGrace}; a drained node is
 * asked to let go of each room, and the room is placed elsewhere only once the node confirms it
 * stopped (or is down), so two nodes never record it at once.
 */
public final class Fleet {
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);

  private final Clock clock;
  private final Duration downAfter;
  private final Duration rejoinGrace;
  private final Map<String, WantedRoom> rooms = new LinkedHashMap<>();
  private final Map<String, FleetNode> nodes = new TreeMap<>();
  private final Map<String, Placement> placements = new HashMap<>();
  private final Map<String, Set<String>> roomsByNode = new HashMap<>();
  /** Rooms with no node, in the order they started waiting, with the node they last had (or null). */
  private final Map<String, String> waiting = new LinkedHashMap<>();
  /** Waiting rooms already announced with a RoomWaiting event (once per wait, not once per tick). */
  private final Set<String> announcedWaiting = new java.util.HashSet<>();
  private long lastEpoch;
  private Changes pending = new Changes();
  /**
   * When the nodes known from the database were restored; until {@link #restoredQuietUntilMs} those not
   * heard from since are not declared down (see {@link #restore}).
   */
  private long restoredAtMs = Long.MIN_VALUE;
  private long restoredQuietUntilMs = Long.MIN_VALUE;

  public Fleet(Clock clock, Duration downAfter, Duration rejoinGrace) {
    this.clock = clock;
    this.downAfter = downAfter;
    this.rejoinGrace = rejoinGrace;
  }

  // ---- restoring from the database ----

  /**
   * Loads what the database holds. Known nodes start as silent from now on and get twice downAfter to
   * speak: a reverse node that lost the old master redials with a backoff capped at its [LINK]
   * reconnect_max_ms (5 s) plus 20 % jitter, and its attempts while this master was starting were
   * refused, so with downAfter alone a live node can miss the window and lose its rooms to the first
   * node that redials (seen in MasterOutageTest). Nodes heard from after the restore count as usual.
   */
  public void restore(Collection<WantedRoom> wanted, Collection<FleetNode> known, Collection<Placement> placed,
                      long epoch) {
    long now = clock.millis();
    restoredAtMs = now;
    restoredQuietUntilMs = now + 2 * downAfter.toMillis();
    lastEpoch = epoch;
    for (WantedRoom r : wanted) rooms.put(r.roomId(), r);
    for (FleetNode n : known) {
      n.lastSeenMs = now;
      n.stateSinceMs = now;
      n.assigned = 0;
      nodes.put(n.nodeId, n);
    }
    for (Placement p : placed) {
      if (!rooms.containsKey(p.roomId) || !nodes.containsKey(p.nodeId)) continue;
      p.durable = true;
      placements.put(p.roomId, p);
      roomsByNode.computeIfAbsent(p.nodeId, k -> new LinkedHashSet<>()).add(p.roomId);
      nodes.get(p.nodeId).assigned++;
      lastEpoch = Math.max(lastEpoch, p.epoch);
    }
    for (String roomId : rooms.keySet()) {
      if (!placements.containsKey(roomId)) waiting.put(roomId, null);
    }
    pending = new Changes();
  }

  // ---- what nodes say ----

  public Changes hello(NodeHello hello, String linkMode) {
    FleetNode n = nodes.computeIfAbsent(hello.nodeId(), FleetNode::new);
    n.linkMode = linkMode;
    n.httpAddress = hello.httpAddress();
    n.labels = hello.labels();
    n.capacity = hello.capacity();
    n.clusterMember = hello.clusterMember();
    n.lastSeq = hello.seq();
    n.held = index(hello.rooms());
    seen(n);
    pending.nodes.add(n.nodeId);
    pending.syncNodes.add(n.nodeId);
    placeWaiting();
    return take();
  }

  /** False when the node is unknown (it must say hello first). */
  public boolean knows(String nodeId) {
    return nodes.containsKey(nodeId) && nodes.get(nodeId).linkMode != null;
  }

  public Changes heartbeat(NodeHeartbeat hb) {
    FleetNode n = nodes.get(hb.nodeId());
    if (n == null) return take();
    n.figures = hb;
    n.capacity = hb.capacity();
    n.lastSeq = hb.seq();
    n.held = index(hb.rooms());
    boolean wasUp = n.state == NodeState.UP;
    seen(n);
    if (!wasUp) pending.syncNodes.add(n.nodeId);
    releaseConfirmedMoves(n);
    placeWaiting();
    return take();
  }

  public Changes leaving(String nodeId) {
    FleetNode n = nodes.get(nodeId);
    if (n == null || n.state == NodeState.LEFT) return take();
    setState(n, NodeState.LEFT, "stopped cleanly; its rooms wait " + rejoinGrace.toSeconds() + " s for it");
    return take();
  }

  /** The cluster says this member is gone: a faster hint than missing heartbeats. */
  public Changes memberGone(String clusterMember) {
    for (FleetNode n : nodes.values()) {
      if (clusterMember.equals(n.clusterMember) && n.state == NodeState.UP) {
        setState(n, NodeState.DOWN, "left the cluster without saying goodbye");
        evacuate(n);
      }
    }
    placeWaiting();
    return take();
  }

  /** Called a few times a second: finds silent nodes and expired goodbyes, and places what waits. */
  public Changes tick() {
    long now = clock.millis();
    for (FleetNode n : nodes.values()) {
      boolean redialing = n.lastSeenMs == restoredAtMs && now <= restoredQuietUntilMs;
      if (n.state == NodeState.UP && now - n.lastSeenMs > downAfter.toMillis() && !redialing) {
        setState(n, NodeState.DOWN, "silent for " + (now - n.lastSeenMs) + " ms");
        evacuate(n);
      } else if (n.state == NodeState.LEFT && now - n.stateSinceMs > rejoinGrace.toMillis()
          && roomsByNode.containsKey(n.nodeId)) {
        log.info("[node {}] did not come back within {} s; moving its rooms", n.nodeId, rejoinGrace.toSeconds());
        evacuate(n);
      }
    }
    placeWaiting();
    return take();
  }

  // ---- what operators ask ----

  public Changes add(WantedRoom room) {
    if (rooms.containsKey(room.roomId())) {
      throw new ApiError(ApiError.ADDED_TWICE, 409, "room " + room.roomId() + " was already added");
    }
    if (room.pinNode() != null && !nodes.containsKey(room.pinNode())) {
      log.warn("[room {}] pinned to node {}, which the master has not heard from yet", room.roomId(), room.pinNode());
    }
    rooms.put(room.roomId(), room);
    waiting.put(room.roomId(), null);
    pending.rooms.add(room.roomId());
    placeWaiting();
    return take();
  }

  public Changes remove(String roomId) {
    if (rooms.remove(roomId) == null) {
      throw new ApiError(ApiError.NO_SUCH_ROOM, 404, "no such room: " + roomId);
    }
    waiting.remove(roomId);
    announcedWaiting.remove(roomId);
    Placement p = placements.get(roomId);
    if (p != null) unplace(p);
    pending.rooms.add(roomId);
    placeWaiting(); // the freed slot may be what a waiting room needs
    return take();
  }

  /** Drain: place nothing new on the node and move its rooms off. Undrain lets it take rooms again. */
  public Changes drain(String nodeId, boolean drain) {
    FleetNode n = nodes.get(nodeId);
    if (n == null) throw new ApiError(ApiError.NO_SUCH_NODE, 404, "no such node: " + nodeId);
    if (n.drained == drain) return take();
    n.drained = drain;
    pending.nodes.add(nodeId);
    if (drain) {
      for (String roomId : roomsOn(nodeId)) placements.get(roomId).moving = true;
      pending.syncNodes.add(nodeId);
      emit(EventType.NodeDrained, nodeId, null, Map.of("Rooms", roomsOn(nodeId).size()));
      log.info("[node {}] draining {} room(s)", nodeId, roomsOn(nodeId).size());
      if (n.state != NodeState.UP) evacuate(n);
    } else {
      placeWaiting();
    }
    return take();
  }

  // ---- what nodes are told ----

  /** The node's whole room list: durable placements that are not being moved off it. */
  public RoomSync syncFor(String nodeId, long leaseMs) {
    FleetNode n = nodes.get(nodeId);
    List<Assignment> list = new ArrayList<>();
    for (String roomId : roomsOn(nodeId)) {
      Placement p = placements.get(roomId);
      if (!p.durable || p.moving) continue;
      WantedRoom room = rooms.get(roomId);
      list.add(new Assignment(roomId, p.epoch, room.source(), room.options()));
    }
    return new RoomSync(nodeId, n == null ? -1 : n.lastSeq, leaseMs, list);
  }

  /** The database stored these placements: they may now be sent to their nodes. */
  public void markDurable(Collection<String> roomIds) {
    for (String roomId : roomIds) {
      Placement p = placements.get(roomId);
      if (p != null) p.durable = true;
    }
  }

  // ---- views ----

  public Collection<FleetNode> nodes() {
    return nodes.values();
  }

  public FleetNode node(String nodeId) {
    return nodes.get(nodeId);
  }

  public Collection<WantedRoom> rooms() {
    return rooms.values();
  }

  public WantedRoom room(String roomId) {
    return rooms.get(roomId);
  }

  public Placement placement(String roomId) {
    return placements.get(roomId);
  }

  public Collection<Placement> placements() {
    return placements.values();
  }

  public long lastEpoch() {
    return lastEpoch;
  }

  /** Whether the node reports the room as held at the placement's epoch and writing media. */
  public boolean recording(Placement p) {
    FleetNode n = nodes.get(p.nodeId);
    if (n == null || n.state != NodeState.UP) return false;
    HeldRoom h = n.held.get(p.roomId);
    return h != null && h.epoch() == p.epoch && h.recording();
  }

  public Set<String> roomsOn(String nodeId) {
    return roomsByNode.getOrDefault(nodeId, Set.of());
  }

  // ---- internals ----

  private void seen(FleetNode n) {
    n.lastSeenMs = clock.millis();
    if (n.state != NodeState.UP) setState(n, NodeState.UP, "linked over " + n.linkMode);
  }

  private void setState(FleetNode n, NodeState state, String why) {
    NodeState before = n.state;
    n.state = state;
    n.stateSinceMs = clock.millis();
    pending.nodes.add(n.nodeId);
    EventType type = switch (state) {
      case UP -> EventType.NodeUp;
      case DOWN -> EventType.NodeDown;
      case LEFT -> EventType.NodeLeft;
    };
    emit(type, n.nodeId, null, Map.of("Reason", why, "Rooms", roomsOn(n.nodeId).size()));
    if (state == NodeState.UP) {
      log.info("[node {}] up ({}), was {}", n.nodeId, why, before);
    } else {
      log.warn("[node {}] {}: {}", n.nodeId, state, why);
    }
  }

  /** Takes every room off the node; they wait to be placed elsewhere. */
  private void evacuate(FleetNode n) {
    for (String roomId : new ArrayList<>(roomsOn(n.nodeId))) {
      unplace(placements.get(roomId));
      waiting.put(roomId, n.nodeId);
    }
  }

  private void releaseConfirmedMoves(FleetNode n) {
    for (String roomId : new ArrayList<>(roomsOn(n.nodeId))) {
      Placement p = placements.get(roomId);
      HeldRoom h = n.held.get(roomId);
      if (p.moving && (h == null || h.epoch() != p.epoch)) {
        unplace(p);
        waiting.put(roomId, n.nodeId);
      }
    }
  }

  private void unplace(Placement p) {
    placements.remove(p.roomId);
    Set<String> on = roomsByNode.get(p.nodeId);
    if (on != null) {
      on.remove(p.roomId);
      if (on.isEmpty()) roomsByNode.remove(p.nodeId);
    }
    FleetNode n = nodes.get(p.nodeId);
    if (n != null) {
      n.assigned--;
      pending.syncNodes.add(n.nodeId);
    }
    pending.rooms.add(p.roomId);
  }

  private void placeWaiting() {
    if (waiting.isEmpty()) return;
    if (nodes.values().stream().noneMatch(FleetNode::open)) {
      waiting.keySet().forEach(this::announceWaiting);
      return;
    }
    var it = waiting.entrySet().iterator();
    while (it.hasNext()) {
      var entry = it.next();
      String roomId = entry.getKey();
      WantedRoom room = rooms.get(roomId);
      if (room == null) {
        it.remove();
        continue;
      }
      String from = entry.getValue();
      FleetNode to = Placer.choose(room, nodes.values(), null);
      if (to == null) {
        announceWaiting(roomId);
        continue;
      }
      it.remove();
      announcedWaiting.remove(roomId);
      Placement p = new Placement(roomId, to.nodeId, ++lastEpoch, clock.millis());
      placements.put(roomId, p);
      roomsByNode.computeIfAbsent(to.nodeId, k -> new LinkedHashSet<>()).add(roomId);
      to.assigned++;
      pending.rooms.add(roomId);
      pending.syncNodes.add(to.nodeId);
      if (from == null) {
        emit(EventType.RoomAssigned, to.nodeId, roomId, Map.of("RoomId", roomId, "Epoch", p.epoch));
      } else {
        emit(EventType.RoomMoved, to.nodeId, roomId,
            Map.of("RoomId", roomId, "Epoch", p.epoch, "FromNodeId", from));
        log.info("[room {}] moved from node {} to node {} (epoch {})", roomId, from, to.nodeId, p.epoch);
      }
    }
  }

  private void announceWaiting(String roomId) {
    if (!announcedWaiting.add(roomId)) return;
    WantedRoom room = rooms.get(roomId);
    String why = room != null && (room.pinNode() != null || room.pinLabel() != null)
        ? "no open node matches its pin" : "no node is up with room to spare";
    log.warn("[room {}] waiting for a node: {}", roomId, why);
    emit(EventType.RoomWaiting, "master", roomId, Map.of("RoomId", roomId, "Reason", why));
  }

  private void emit(EventType type, String nodeId, String roomId, Map<String, Object> data) {
    pending.events.add(RecfleetEvent.of(type, nodeId, data));
  }

  private static Map<String, HeldRoom> index(List<HeldRoom> held) {
    Map<String, HeldRoom> map = new HashMap<>();
    for (HeldRoom h : held) map.put(h.roomId(), h);
    return map;
  }

  private Changes take() {
    Changes out = pending;
    pending = new Changes();
    return out;
  }
}
