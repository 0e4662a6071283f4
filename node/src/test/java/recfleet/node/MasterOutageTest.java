package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.testing.Poll;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.FleetRig;
import recfleet.node.testing.Http;
import recfleet.node.testing.WriterTimeline;

/**
 * Recording never stops for a master ([LINK] when_master_lost = keep, the default). Real processes:
 * a standalone master JVM, two node JVMs in reverse mode, nginx-rtmp fed by ffmpeg; the master is
 * killed with SIGKILL, or one node is cut off from it by a TCP relay while its source stays reachable.
 * Room-seconds lost are read from the raw FLV files each node left (open time in the name, length
 * from ffprobe), after the nodes stopped cleanly.
 */
class MasterOutageTest {
  private static final Logger log = LoggerFactory.getLogger(MasterOutageTest.class);
  private static final List<String> NODES = List.of("node-a", "node-b");
  private static final String LAPSED = "no master has renewed the write lease";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void a_master_killed_for_30_seconds_costs_no_room_second_and_moves_no_room() throws Exception {
    List<String> rooms = List.of("out1", "out2", "out3", "out4");
    Instant killedAt;
    Instant backAt;
    try (FleetRig rig = FleetRig.start(dir, FleetRig.Mode.REVERSE, NODES)) {
      rig.addRooms(rooms);
      Map<String, String> placed = rig.awaitAllRecording(Duration.ofSeconds(60), "four rooms recording");
      killedAt = Instant.now();
      rig.killMaster();
      for (String node : NODES) {
        Poll.until(Duration.ofSeconds(30), node + " noticing the lease lapsed", () ->
            rig.nodeLog(node).contains(LAPSED) && rig.nodeLog(node).contains("go on recording"));
      }
      Map<String, Long> sizesAfterLapse = rig.writtenBytes(placed);
      // the outage lasts 30 s; meanwhile every room's file must grow (nobody can move the rooms)
      Poll.until(Duration.ofSeconds(60), "30 s of master outage with every room's file growing", () -> {
        Map<String, Long> now = rig.writtenBytes(placed);
        boolean allGrew = rooms.stream().allMatch(r -> now.get(r) > sizesAfterLapse.get(r));
        return allGrew && Duration.between(killedAt, Instant.now()).toSeconds() >= 30;
      });
      rig.restartMaster();
      backAt = Instant.now();
      rig.awaitNodesUp(NODES, Duration.ofSeconds(60));
      assertEquals(placed, rig.awaitAllRecording(Duration.ofSeconds(30), "every room recording after the restart"),
          "every room stayed on its node");
      // the restarted master waits twice down_after for known nodes; past that still nothing may move
      Poll.until(Duration.ofSeconds(30), "twice down_after (10 s) past the restart", () ->
          Duration.between(backAt, Instant.now()).toSeconds() >= 11);
      assertEquals(placed, rig.recordingRooms(), "no room moved after the restart");
      assertEquals(0, rig.loggedEvents("RoomMoved"), "the master's event log has no RoomMoved");
      for (String node : NODES) {
        Poll.until(Duration.ofSeconds(30), node + " saying a master renewed the lease",
            () -> rig.nodeLog(node).contains("a master renewed the write lease again"));
      }
      rig.stopNodes();
      Map<String, Path> works = NODES.stream().collect(Collectors.toMap(n -> n, n -> rig.nodeDir(n).resolve("works")));
      var spans = WriterTimeline.fromFiles(works, rooms);
      assertTrue(WriterTimeline.overlaps(spans).isEmpty(), "one writer per room: " + WriterTimeline.overlaps(spans));
      Map<String, Duration> lost = new HashMap<>();
      for (String room : rooms) lost.put(room, WriterTimeline.unwritten(spans, room, killedAt, backAt.plusSeconds(8)));
      log.info("MASTER OUTAGE: master down {} s; room-seconds unwritten per room {}",
          Duration.between(killedAt, backAt).toSeconds(), lost);
      for (String room : rooms) {
        assertTrue(lost.get(room).compareTo(Duration.ofSeconds(1)) < 0, room + " lost " + lost.get(room)
            + " of recording while the master was down (spans: " + spans + ")");
      }
    }
  }

  @Test
  void a_node_cut_off_from_the_master_records_on_and_the_overlap_is_reported_with_both_files() throws Exception {
    List<String> rooms = List.of("cut1", "cut2", "cut3", "cut4");
    try (FleetRig rig = FleetRig.startReverseWithOwnLinks(dir, NODES, Set.of("node-a"), Map.of())) {
      rig.addRooms(rooms);
      Map<String, String> placed = rig.awaitAllRecording(Duration.ofSeconds(60), "four rooms recording");
      List<String> onA = FleetRig.roomsOn(placed, "node-a");
      assertEquals(2, onA.size(), "two rooms on node-a: " + placed);
      Instant cutAt = Instant.now();
      rig.linkOf("node-a").cut();
      Poll.until(Duration.ofSeconds(60), "node-a's rooms recording on node-b as well", () -> {
        Map<String, String> now = rig.recordingRooms();
        return now != null && onA.stream().allMatch(r -> "node-b".equals(now.get(r)));
      });
      Map<String, Long> sizes = rig.writtenBytes(Map.of(onA.get(0), "node-a", onA.get(1), "node-a"));
      Poll.until(Duration.ofSeconds(60), "20 s of partition, node-a's files still growing", () -> {
        Map<String, Long> now = rig.writtenBytes(Map.of(onA.get(0), "node-a", onA.get(1), "node-a"));
        return onA.stream().allMatch(r -> now.get(r) > sizes.get(r))
            && Duration.between(cutAt, Instant.now()).toSeconds() >= 20;
      });
      rig.linkOf("node-a").mend();
      Instant mendedAt = Instant.now();
      rig.events().await(Duration.ofSeconds(60), "one RecordingOverlap per moved room", all ->
          onA.stream().allMatch(r -> overlapsOf(all, r).size() == 1));
      for (String room : onA) {
        JsonObject overlap = EventClient.data(overlapsOf(rig.events().all(), room).get(0));
        var stale = overlap.getJsonArray("StaleFiles");
        var current = overlap.getJsonArray("CurrentFiles");
        assertEquals("node-a", overlap.getString("StaleNode"), overlap.encode());
        assertTrue(!stale.isEmpty() && !current.isEmpty(), "both sides' files are named: " + overlap.encode());
        for (Object f : stale) {
          JsonObject file = (JsonObject) f;
          assertEquals("node-a", file.getString("NodeId"), overlap.encode());
          assertTrue(Files.exists(rig.nodeDir("node-a").resolve("works").resolve(file.getString("RelativePath"))),
              "nothing is deleted: " + file.getString("RelativePath"));
        }
        for (Object f : current) {
          assertEquals("node-b", ((JsonObject) f).getString("NodeId"), overlap.encode());
          assertTrue(((JsonObject) f).getLong("Epoch") > overlap.getLong("StaleEpoch"), overlap.encode());
        }
        // node-a wrote on from the move (down_after after the cut) until the link was mended
        assertTrue(overlap.getDouble("OverlapSeconds") > 8, "node-a wrote on after the move: " + overlap.encode());
        log.info("PARTITION: {} overlap {} s: {} file(s) of node-a (epoch {}) and {} of node-b", room,
            overlap.getDouble("OverlapSeconds"), stale.size(), overlap.getLong("StaleEpoch"), current.size());
      }
      Map<String, String> after = rig.awaitAllRecording(Duration.ofSeconds(30), "every room recording once more");
      assertTrue(onA.stream().allMatch(r -> "node-b".equals(after.get(r))), "the moved rooms stay on node-b");
      // the fleet-wide view lists each moved room's files on both nodes
      var listed = Http.get(rig.master().port(), "/api/recordings?room=" + onA.get(0)).body().getJsonArray("data");
      assertEquals(Set.of("node-a", "node-b"), listed.stream().map(o -> ((JsonObject) o).getString("nodeId"))
          .collect(Collectors.toSet()), listed.encode());
      rig.stopNodes();
      Map<String, Path> works = NODES.stream().collect(Collectors.toMap(n -> n, n -> rig.nodeDir(n).resolve("works")));
      var spans = WriterTimeline.fromFiles(works, rooms);
      for (String room : onA) {
        Duration lost = WriterTimeline.unwritten(spans, room, cutAt, mendedAt);
        log.info("PARTITION: {} room-seconds unwritten during the 20 s cut: {}", room, lost);
        assertTrue(lost.compareTo(Duration.ofSeconds(1)) < 0, room + " lost " + lost + " (spans " + spans + ")");
      }
    }
  }

  private static List<JsonObject> overlapsOf(List<JsonObject> events, String room) {
    return events.stream().filter(e -> EventClient.type(e).equals("RecordingOverlap"))
        .filter(e -> room.equals(EventClient.data(e).getString("RoomId"))).toList();
  }






}
