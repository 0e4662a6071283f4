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
      // the new leader gives every node down_after to report before it moves anything: nothing moves
      Poll.until(Duration.ofSeconds(30), "down_after past the takeover", () ->
          Duration.between(killedAt, Instant.now()).toSeconds() >= 10);
      assertEquals(placed, rig.recordingRooms(), "no room moved: " + after);
      assertEquals(0, loggedEvents(rig.master().port(), "RoomMoved"), "the new leader moved nothing");

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

  private static long loggedEvents(int port, String type) throws Exception {
    var events = Http.get(port, "/api/events?limit=1000").body().getJsonArray("data");
    return events.stream().filter(o -> type.equals(((JsonObject) o).getString("type"))).count();
  }


}
