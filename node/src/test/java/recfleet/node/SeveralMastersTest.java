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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.testing.Poll;
import recfleet.node.testing.FleetRig;
import recfleet.node.testing.Http;
import recfleet.node.testing.MasterProcess;
import recfleet.node.testing.WriterTimeline;

/**
 * The master is no longer a single point of failure. Real processes: three master JVMs in one
 * Hazelcast cluster ([MASTER] masters = 3), two node JVMs in reverse mode that list all three,
 * nginx-rtmp fed by ffmpeg, SIGKILL. Room-seconds lost are read from the raw FLV files.
 */
class SeveralMastersTest {
  private static final Logger log = LoggerFactory.getLogger(SeveralMastersTest.class);
  private static final List<String> NODES = List.of("node-a", "node-b");
  private static final List<String> ROOMS = IntStream.range(0, 6).mapToObj(i -> "ha" + i).toList();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void killing_the_leader_loses_no_room_second_and_a_lone_master_moves_nothing() throws Exception {
    try (FleetRig rig = FleetRig.startSeveralMasters(dir, NODES, 3)) {
      List<MasterProcess> masters = rig.masters();
      for (MasterProcess follower : masters.subList(1, 3)) {
        var answer = Http.get(follower.port(), "/api/rooms");
        assertEquals(503, answer.status(), "a follower says who leads: " + answer.body().encode());
        assertEquals(5031, answer.body().getInteger("code"));
      }
      rig.addRooms(ROOMS);
      Map<String, String> placed = rig.awaitAllRecording(Duration.ofSeconds(90), "six rooms recording");

      Instant killedAt = Instant.now();
      masters.get(0).kill9();
      Duration toLeader = rig.awaitLeader(masters.subList(1, 3), Duration.ofSeconds(30));
      log.info("SEVERAL MASTERS: a new leader {} ms after kill -9 of the leader", toLeader.toMillis());
      assertTrue(toLeader.compareTo(Duration.ofSeconds(5)) <= 0, "a new leader within down_after: " + toLeader);
      Map<String, String> after = rig.awaitAllRecording(Duration.ofSeconds(60), "six rooms recording under the new leader");
      // the new leader gives every node twice down_after to report before it moves anything: nothing moves
      Poll.until(Duration.ofSeconds(30), "twice down_after past the takeover", () ->
          Duration.between(killedAt, Instant.now()).compareTo(toLeader.plusSeconds(11)) >= 0);
      assertEquals(placed, rig.recordingRooms(), "no room moved: " + after);
      assertEquals(0, rig.loggedEvents("RoomMoved"), "the new leader moved nothing");
      for (String node : NODES) {
        assertTrue(!rig.nodeLog(node).contains("no master has renewed the write lease"),
            node + ": the new leader renewed the write lease before it ran out");
      }

      // the second master goes: the last one alone is a minority, and places nothing
      MasterProcess last = masters.get(1) == rig.master() ? masters.get(2) : masters.get(1);
      rig.master().kill9();
      Poll.until(Duration.ofSeconds(30), "the last master saying it sees no majority", () ->
          Files.readString(last.log).contains("no majority of the masters"));
      assertEquals(503, Http.get(last.port(), "/api/nodes").status(), "a minority master does not act");
      Map<String, Long> before = rig.writtenBytes(placed);
      Instant aloneAt = Instant.now();
      Poll.until(Duration.ofSeconds(60), "10 s with one master of three, every room still growing", () -> {
        Map<String, Long> now = rig.writtenBytes(placed);
        return ROOMS.stream().allMatch(r -> now.get(r) > before.get(r))
            && Duration.between(aloneAt, Instant.now()).toSeconds() >= 10;
      });
      Instant end = Instant.now();
      rig.stopNodes();
      Map<String, Path> works = NODES.stream().collect(Collectors.toMap(n -> n, n -> rig.nodeDir(n).resolve("works")));
      var spans = WriterTimeline.fromFiles(works, ROOMS);
      assertTrue(WriterTimeline.overlaps(spans).isEmpty(), "one writer per room: " + WriterTimeline.overlaps(spans));
      Map<String, Duration> lost = new HashMap<>();
      for (String room : ROOMS) lost.put(room, WriterTimeline.unwritten(spans, room, killedAt, end));
      log.info("SEVERAL MASTERS: {} s from the first kill; room-seconds unwritten per room {}",
          Duration.between(killedAt, end).toSeconds(), lost);
      for (String room : ROOMS) {
        assertTrue(lost.get(room).compareTo(Duration.ofSeconds(1)) < 0, room + " lost " + lost.get(room));
      }
    }
  }

  @Test
  void in_a_split_only_the_majority_side_places_rooms_and_the_old_leader_steps_down() throws Exception {
    try (FleetRig rig = FleetRig.startSeveralMasters(dir, NODES, 3, true)) {
      List<MasterProcess> masters = rig.masters();
      rig.addRooms(List.of("sb1", "sb2", "sb3", "sb4"));
      Map<String, String> placed = rig.awaitAllRecording(Duration.ofSeconds(90), "four rooms recording");

      // the leader (the oldest master) alone on one side, the two others on the other
      rig.isolateMaster(0);
      MasterProcess old = masters.get(0);
      Poll.until(Duration.ofSeconds(30), "the isolated leader saying it sees no majority", () ->
          Files.readString(old.log).contains("no majority of the masters"));
      Duration toLeader = rig.awaitLeader(masters.subList(1, 3), Duration.ofSeconds(30));
      log.info("SPLIT: the majority side has a leader {} ms after the old one noticed", toLeader.toMillis());
      var refused = Http.get(old.port(), "/addroom?roomid=minority1&url=rtmp%3A%2F%2F127.0.0.1%2Flive%2Fx");
      assertEquals(503, refused.status(), "the minority side places nothing: " + refused.body().encode());
      assertEquals(5031, refused.body().getInteger("code"));
      rig.addRooms(List.of("sb5"));
      Map<String, String> withNew = rig.awaitAllRecording(Duration.ofSeconds(60), "the majority side placing sb5");
      assertTrue(withNew.containsKey("sb5"));
      for (String room : placed.keySet()) {
        assertEquals(placed.get(room), withNew.get(room), "nothing moved across the split: " + withNew);
      }
      assertEquals(0, rig.loggedEvents("RoomMoved"));

      // mended: Hazelcast merges the two sides; the majority's leader stays, the old one follows
      rig.mendMasters();
      Poll.until(Duration.ofSeconds(60), "the old leader back as a follower", () ->
          Http.get(old.port(), "/api/nodes").status() == 503
              && Files.readString(old.log).contains("this master follows"));
      assertEquals(200, Http.get(rig.master().port(), "/api/nodes").status(), "the majority's leader still leads");
      assertEquals(withNew, rig.awaitAllRecording(Duration.ofSeconds(30), "every room recording after the merge"));
      assertEquals(0, rig.loggedEvents("RoomMoved"), "the merge moved nothing");
    }
  }






}
