package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.json.JsonObject;
import recfleet.node.testing.FleetRig;
import recfleet.node.testing.Http;
import recfleet.common.testing.Poll;

/**
 * Cluster and forward mode, each with a master and three node JVMs and real RTMP: nine rooms
 * spread three per node, and a node killed with SIGKILL whose rooms then record elsewhere.
 * (Reverse mode, and SIGSTOP, drain, restart and a wrong token, are in FleetReverseLinkTest.)
 */
class FleetLinkModesTest {
  private static final Logger log = LoggerFactory.getLogger(FleetLinkModesTest.class);
  private static final List<String> NODES = List.of("node-a", "node-b", "node-c");
  private static final List<String> ROOMS = IntStream.range(0, 9).mapToObj(i -> "room" + i).toList();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void a_fleet_on_a_hazelcast_cluster_spreads_rooms_and_fails_over() throws Exception {
    spreadsAndFailsOver(FleetRig.Mode.CLUSTER);
  }

  @Test
  void a_fleet_the_master_dials_spreads_rooms_and_fails_over() throws Exception {
    spreadsAndFailsOver(FleetRig.Mode.FORWARD);
  }

  @Test
  void a_node_whose_proxy_blocks_websockets_links_by_http_long_poll() throws Exception {
    try (FleetRig rig = FleetRig.start(dir, FleetRig.Mode.REVERSE, List.of("node-a"),
        Map.of("RECFLEET_LINK_TRANSPORT", "longpoll"))) {
      assertEquals("reverse-longpoll", rig.nodeSeen("node-a").getString("linkMode"));
      rig.addRooms(List.of("lp1", "lp2"));
      Map<String, String> placed = rig.awaitAllRecording(Duration.ofSeconds(60), "both rooms recording");
      assertEquals(Map.of("lp1", "node-a", "lp2", "node-a"), placed);
      int masterPort = rig.master().port();
      // the master judges room ids as the node does: a malformed one is 4031 before any lookup
      for (String path : List.of("/getroom?roomid=-1", "/removeroom?roomid=-1", "/addroom?roomid=-1&url=rtmp%3A%2F%2F127.0.0.1%2Fx",
          "/api/rooms/-1", "/getroom")) {
        var reply = recfleet.node.testing.Http.get(masterPort, path);
        assertEquals(400, reply.status(), path + ": " + reply.body().encode());
        assertEquals(4031, reply.body().getInteger("code"), path + ": " + reply.body().encode());
      }
      assertEquals(4031, recfleet.node.testing.Http.delete(masterPort, "/api/rooms/-1").body().getInteger("code"));
      assertEquals(4042, recfleet.node.testing.Http.get(masterPort, "/getroom?roomid=ghost").body().getInteger("code"));
      var removed = recfleet.node.testing.Http.get(rig.master().port(), "/removeroom?roomid=lp1");
      assertEquals(200, removed.status(), removed.body().encode());
      rig.events().await(Duration.ofSeconds(30), "node-a releasing lp1", all -> all.stream().anyMatch(e ->
          "RoomRemoved".equals(e.getString("EventType")) && "node-a".equals(e.getString("NodeId"))
              && "lp1".equals(e.getJsonObject("EventData").getString("RoomId"))));
      assertEquals(Map.of("lp2", "node-a"), rig.awaitAllRecording(Duration.ofSeconds(30), "lp2 still recording"));
    }
  }

  private void spreadsAndFailsOver(FleetRig.Mode mode) throws Exception {
    try (FleetRig rig = FleetRig.start(dir, mode, NODES)) {
      rig.addRooms(ROOMS);
      Map<String, String> placed = rig.awaitAllRecording(Duration.ofSeconds(90), "all nine rooms recording");
      assertEquals(Map.of("node-a", 3L, "node-b", 3L, "node-c", 3L), FleetRig.perNode(placed), "three rooms per node");
      for (String n : NODES) {
        assertEquals(mode.name().toLowerCase(java.util.Locale.ROOT), rig.nodeSeen(n).getString("linkMode"));
      }

      long killedAt = System.nanoTime();
      Map<String, String> after = rig.killAndAwaitFailover("node-a", placed, Duration.ofSeconds(60));
      log.info("FAILOVER {} kill -9: node-a's 3 rooms recording on other nodes after {} ms", mode,
          (System.nanoTime() - killedAt) / 1_000_000);
      assertEquals(0L, FleetRig.perNode(after).getOrDefault("node-a", 0L));
      assertEquals(9, after.size());
      assertTrue(rig.events().ofType("NodeDown").stream().anyMatch(e -> "node-a".equals(e.getString("NodeId"))));
      assertEquals(3, rig.events().ofType("RoomMoved").size(), "exactly the dead node's rooms moved");
      if (mode == FleetRig.Mode.FORWARD) nodeRefusesAWrongMaster(rig, after);
      if (mode == FleetRig.Mode.CLUSTER) {
        String reason = rig.events().ofType("NodeDown").get(0).getJsonObject("EventData").getString("Reason");
        assertTrue(reason.contains("left the cluster"), "Hazelcast's member-removed signal was the hint: " + reason);
        frozenMemberMergesBack(rig, after);
      }
    }
  }

  /**
   * A forward node answers only its master: a room list or a link socket with a wrong token gets a
   * 401; and a room it records for the master cannot be removed behind the master's back.
   */
  private void nodeRefusesAWrongMaster(FleetRig rig, Map<String, String> placed) throws Exception {
    int port = rig.node("node-b").port();
    var client = java.net.http.HttpClient.newHttpClient();
    var put = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
            + "/api/link/rooms")).header("Authorization", "Bearer not-the-fleet-token")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"sync\",\"nodeId\":\"node-b\","
            + "\"ackSeq\":1,\"leaseMs\":600000,\"rooms\":[]}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(401, put.statusCode(), put.body());
    var ws = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/ws"))
        .header("Authorization", "Bearer not-the-fleet-token").GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(401, ws.statusCode(), ws.body());
    assertTrue(!put.body().contains("fleet-t0ken") && !ws.body().contains("fleet-t0ken"), "no token echoed");
    String held = FleetRig.roomsOn(placed, "node-b").get(0);
    var removed = Http.get(port, "/removeroom?roomid=" + held);
    assertEquals(409, removed.status(), removed.body().encode());
    assertEquals(4091, removed.body().getInteger("code"));
    assertEquals("node-b", rig.awaitAllRecording(Duration.ofSeconds(10), "rooms still recording").get(held),
        "the wrong master's empty list changed nothing");
  }

  /**
   * Hazelcast drops a frozen member; once thawed it must merge back and be usable: its rooms moved
   * on, and a room pinned to it records there.
   */
  private void frozenMemberMergesBack(FleetRig rig, Map<String, String> placed) throws Exception {
    List<String> onB = FleetRig.roomsOn(placed, "node-b");
    rig.freeze("node-b");
    try {
      Poll.until(Duration.ofSeconds(60), "node-b's rooms recording on node-c", () -> {
        Map<String, String> now = rig.recordingRooms();
        return now != null && onB.stream().allMatch(r -> "node-c".equals(now.get(r)));
      });
    } finally {
      rig.thaw("node-b");
    }
    var pinned = Http.post(rig.master().port(), "/api/rooms", new JsonObject().put("roomId", "pinned")
        .put("url", rig.source()).put("pinNode", "node-b").encode());
    assertEquals(200, pinned.status(), pinned.body().encode());
    Map<String, String> now = rig.awaitAllRecording(Duration.ofSeconds(60), "the room pinned to node-b recording");
    assertEquals("node-b", now.get("pinned"), "node-b is back in the cluster and records again");
    assertTrue(onB.stream().allMatch(r -> "node-c".equals(now.get(r))), "its old rooms stay where they went");
  }
}

