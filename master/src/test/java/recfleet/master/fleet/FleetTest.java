package recfleet.master.fleet;

import recfleet.common.testing.MovableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import recfleet.common.ApiError;
import recfleet.common.event.EventType;
import recfleet.common.link.Assignment;
import recfleet.common.link.HeldRoom;
import recfleet.common.link.NodeHeartbeat;
import recfleet.common.link.NodeHello;

/** The fleet's decisions, driven with a hand-moved clock: placement, failover, drain, goodbye. */
class FleetTest {
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T00:00:00Z"));
  private final Fleet fleet = new Fleet(clock, Duration.ofSeconds(5), Duration.ofSeconds(60));
  private final Map<String, Long> seqs = new HashMap<>();

  @Test
  void nine_rooms_on_three_equal_nodes_go_three_to_a_node() {
    join("a", 10, List.of());
    join("b", 10, List.of());
    join("c", 10, List.of());
    for (int i = 0; i < 9; i++) fleet.add(room("r" + i));
    markAllDurable();
    Map<String, Long> perNode = fleet.placements().stream()
        .collect(Collectors.groupingBy(Placement::nodeId, Collectors.counting()));
    assertEquals(Map.of("a", 3L, "b", 3L, "c", 3L), perNode);
  }

  @Test
  void a_node_that_joins_later_takes_new_rooms_but_moves_none() {
    join("a", 10, List.of());
    for (int i = 0; i < 4; i++) fleet.add(room("r" + i));
    join("b", 10, List.of());
    markAllDurable();
    assertEquals(4, fleet.roomsOn("a").size(), "placement is sticky");
    fleet.add(room("r4"));
    assertEquals("b", fleet.placement("r4").nodeId(), "the emptier node gets the new room");
  }

  @Test
  void a_silent_node_is_down_and_its_rooms_move_with_new_epochs() {
    join("a", 10, List.of());
    join("b", 10, List.of());
    for (int i = 0; i < 4; i++) fleet.add(room("r" + i));
    markAllDurable();
    List<String> onA = new ArrayList<>(fleet.roomsOn("a"));
    Map<String, Long> epochs = new HashMap<>();
    onA.forEach(r -> epochs.put(r, fleet.placement(r).epoch()));
    clock.advance(Duration.ofSeconds(3));
    beat("b");
    clock.advance(Duration.ofSeconds(3)); // a silent 6 s, b 3 s
    Changes changes = fleet.tick();
    assertEquals(NodeState.DOWN, fleet.node("a").state());
    assertEquals(NodeState.UP, fleet.node("b").state());
    for (String r : onA) {
      assertEquals("b", fleet.placement(r).nodeId());
      assertTrue(fleet.placement(r).epoch() > epochs.get(r), "a moved room gets a newer epoch");
    }
    long moved = changes.events().stream().filter(e -> e.eventType() == EventType.RoomMoved).count();
    assertEquals(onA.size(), moved);
    assertTrue(changes.events().stream().anyMatch(e -> e.eventType() == EventType.NodeDown && e.nodeId().equals("a")));

    // a comes back: it is told to hold nothing, and nothing moves back
    markAllDurable();
    beatHolding("a", onA.stream().map(r -> new HeldRoom(r, epochs.get(r), true)).toList());
    assertEquals(NodeState.UP, fleet.node("a").state());
    assertTrue(fleet.syncFor("a", 3000).rooms().isEmpty());
    assertEquals(4, fleet.roomsOn("b").size());
  }

  @Test
  void a_placement_reaches_its_node_only_once_it_is_stored() {
    join("a", 10, List.of());
    fleet.add(room("r1"));
    assertTrue(fleet.syncFor("a", 3000).rooms().isEmpty(), "not stored yet");
    fleet.markDurable(List.of("r1"));
    List<Assignment> rooms = fleet.syncFor("a", 3000).rooms();
    assertEquals(1, rooms.size());
    assertEquals("r1", rooms.get(0).roomId());
  }

  @Test
  void a_drained_node_lets_go_of_each_room_before_it_goes_elsewhere() {
    join("a", 10, List.of());
    fleet.add(room("r1"));
    markAllDurable();
    join("b", 10, List.of());
    long epoch = fleet.placement("r1").epoch();
    fleet.drain("a", true);
    assertTrue(fleet.placement("r1").moving());
    assertEquals("a", fleet.placement("r1").nodeId(), "not placed elsewhere before a confirms");
    assertTrue(fleet.syncFor("a", 3000).rooms().isEmpty(), "a is told to let go");
    beatHolding("a", List.of(new HeldRoom("r1", epoch, true))); // still holds it
    assertEquals("a", fleet.placement("r1").nodeId());
    beatHolding("a", List.of()); // let go
    assertEquals("b", fleet.placement("r1").nodeId());
    fleet.add(room("r2"));
    assertEquals("b", fleet.placement("r2").nodeId(), "nothing new on a drained node");
  }

  @Test
  void a_node_that_says_goodbye_keeps_its_rooms_for_the_grace_period() {
    join("a", 10, List.of());
    join("b", 10, List.of());
    fleet.add(room("r1"));
    markAllDurable();
    String holder = fleet.placement("r1").nodeId();
    String other = holder.equals("a") ? "b" : "a";
    fleet.leaving(holder);
    clock.advance(Duration.ofSeconds(30));
    beat(other);
    fleet.tick();
    assertEquals(holder, fleet.placement("r1").nodeId(), "a planned restart moves nothing");
    join(holder, 10, List.of(new HeldRoom("r1", fleet.placement("r1").epoch(), false)));
    assertEquals(NodeState.UP, fleet.node(holder).state());
    assertEquals(holder, fleet.placement("r1").nodeId());

    fleet.leaving(holder);
    clock.advance(Duration.ofSeconds(61));
    beat(other);
    fleet.tick();
    assertEquals(other, fleet.placement("r1").nodeId(), "gone past the grace period: the room moves");
  }

  @Test
  void pinned_rooms_go_only_to_their_node_or_label_and_wait_otherwise() {
    join("a", 10, List.of());
    join("b", 10, List.of("gpu"));
    fleet.add(new WantedRoom("p1", "rtmp://h/live/p1", Map.of(), "a", null, Instant.now()));
    fleet.add(new WantedRoom("p2", "rtmp://h/live/p2", Map.of(), null, "gpu", Instant.now()));
    Changes waiting = fleet.add(new WantedRoom("p3", "rtmp://h/live/p3", Map.of(), null, "nowhere", Instant.now()));
    assertEquals("a", fleet.placement("p1").nodeId());
    assertEquals("b", fleet.placement("p2").nodeId());
    assertNull(fleet.placement("p3"));
    assertEquals(List.of(EventType.RoomWaiting), waiting.events().stream().map(e -> e.eventType()).toList());
    assertTrue(fleet.tick().events().isEmpty(), "a waiting room is announced once, not on every tick");
  }

  @Test
  void capacity_is_respected_and_waiting_rooms_are_placed_when_room_frees_up() {
    join("a", 2, List.of());
    fleet.add(room("r1"));
    fleet.add(room("r2"));
    fleet.add(room("r3"));
    assertNull(fleet.placement("r3"));
    fleet.remove("r1");
    assertEquals("a", fleet.placement("r3").nodeId());
    assertThrows(ApiError.class, () -> fleet.add(room("r2")));
    ApiError missing = assertThrows(ApiError.class, () -> fleet.remove("nope"));
    assertEquals(ApiError.NO_SUCH_ROOM, missing.code());
  }

  @Test
  void a_member_gone_from_the_cluster_is_down_at_once() {
    join("a", 10, List.of());
    join("b", 10, List.of());
    fleet.add(room("r1"));
    String holder = fleet.placement("r1").nodeId();
    fleet.memberGone("member-" + holder);
    assertEquals(NodeState.DOWN, fleet.node(holder).state());
    assertNotEquals(holder, fleet.placement("r1").nodeId());
  }

  @Test
  void epochs_keep_growing_across_a_restore() {
    join("a", 10, List.of());
    fleet.add(room("r1"));
    long last = fleet.lastEpoch();
    var again = new Fleet(clock, Duration.ofSeconds(5), Duration.ofSeconds(60));
    again.restore(List.of(room("r1"), room("r2")), List.of(FleetRows.node("a", "reverse", null, List.of(), 10, false, "UP")),
        List.of(FleetRows.placement("r1", "a", last, clock.millis())), last);
    again.tick();
    assertTrue(again.placement("r2").epoch() > last);
    assertEquals(last, again.placement("r1").epoch(), "the stored placement is kept");
  }

  @Test
  void a_restarted_master_gives_known_nodes_twice_down_after_to_redial_before_it_moves_their_rooms() {
    var again = new Fleet(clock, Duration.ofSeconds(5), Duration.ofSeconds(60));
    again.restore(List.of(room("r1"), room("r2")),
        List.of(FleetRows.node("a", "reverse", null, List.of(), 10, false, "UP"),
            FleetRows.node("b", "reverse", null, List.of(), 10, false, "UP")),
        List.of(FleetRows.placement("r1", "a", 1, clock.millis()), FleetRows.placement("r2", "b", 2, clock.millis())), 2);
    clock.advance(Duration.ofMillis(6_000)); // b's dialer is still in its 5 s (+20 %) backoff; a is back
    again.hello(new NodeHello("a", null, 1, "127.0.0.1:1", List.of(), 10, "member-a",
        List.of(new HeldRoom("r1", 1, true))), "reverse");
    again.tick();
    assertEquals(NodeState.UP, again.node("b").state(), "not yet: b may be redialing");
    assertEquals("b", again.placement("r2").nodeId());
    clock.advance(Duration.ofMillis(4_100)); // 10.1 s: twice down_after, and b never came
    again.hello(new NodeHello("a", null, 2, "127.0.0.1:1", List.of(), 10, "member-a",
        List.of(new HeldRoom("r1", 1, true))), "reverse");
    again.tick();
    assertEquals(NodeState.DOWN, again.node("b").state());
    assertEquals("a", again.placement("r2").nodeId(), "b's room moved once its grace ran out");
  }

  private void join(String nodeId, int capacity, List<?> labelsOrHeld) {
    List<String> labels = new ArrayList<>();
    List<HeldRoom> held = new ArrayList<>();
    for (Object o : labelsOrHeld) {
      if (o instanceof String s) labels.add(s); else held.add((HeldRoom) o);
    }
    long seq = seqs.merge(nodeId, 1L, Long::sum);
    fleet.hello(new NodeHello(nodeId, null, seq, "127.0.0.1:1", labels, capacity, "member-" + nodeId, held), "reverse");
  }

  private void beat(String nodeId) {
    List<HeldRoom> held = fleet.roomsOn(nodeId).stream()
        .map(r -> new HeldRoom(r, fleet.placement(r).epoch(), true)).toList();
    beatHolding(nodeId, held);
  }

  private void beatHolding(String nodeId, List<HeldRoom> held) {
    long seq = seqs.merge(nodeId, 1L, Long::sum);
    int capacity = fleet.node(nodeId).capacity();
    fleet.heartbeat(new NodeHeartbeat(nodeId, "127.0.0.1:1", seq, clock.millis(), 0.1, 1, 2, 3, held.size(), 0,
        capacity, held));
  }

  private void markAllDurable() {
    fleet.markDurable(fleet.placements().stream().map(Placement::roomId).toList());
  }

  private static WantedRoom room(String id) {
    return new WantedRoom(id, "rtmp://127.0.0.1/live/" + id, Map.of(), null, null, Instant.now());
  }

}
