package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.config.RecfleetConfig;
import recfleet.common.testing.Poll;
import recfleet.master.MasterConfigKeys;
import recfleet.master.MasterMain;
import recfleet.master.MasterOptions;
import recfleet.node.testing.Http;
import recfleet.node.testing.TestNode;

/**
 * One master implementation: a single node's embedded master is the fleet's FleetMaster, so the
 * node answers {@code /api/nodes} and {@code /api/rooms} with the fields a standalone master gives.
 * Real parts: a standalone master, a node linked to it in reverse mode, a node on its own, real H2s,
 * lavfi sources recorded through JavaCV.
 */
class OneMasterTest {
  private static final String TOKEN = "fleet-t0ken-of-the-tests";
  private static final String SOURCE = "lavfi:testsrc2=size=320x240:rate=25,realtime";

  @TempDir
  Path dir;

  @Test
  void a_single_node_answers_nodes_and_rooms_with_the_same_fields_as_a_fleet_master() throws Exception {
    MasterMain.Running master = MasterMain.start(MasterOptions.from(RecfleetConfig.load(MasterConfigKeys.ALL, null,
        Map.of("RECFLEET_MASTER_TOKEN", TOKEN, "RECFLEET_MASTER_HTTP_HOST", "127.0.0.1", "RECFLEET_MASTER_HTTP_PORT", "0",
            "RECFLEET_MASTER_DATA_DIR", dir.resolve("master").toString())))).await(60, TimeUnit.SECONDS);
    try (TestNode linked = TestNode.start(dir.resolve("linked"), Map.of("RECFLEET_BASIC_NODE_ID", "node-linked",
            "RECFLEET_LINK_MODE", "reverse", "RECFLEET_LINK_MASTER_URL", "http://127.0.0.1:" + master.port(),
            "RECFLEET_LINK_TOKEN", TOKEN));
         TestNode single = TestNode.start(dir.resolve("single"), Map.of("RECFLEET_BASIC_NODE_ID", "node-single"))) {
      String encoded = URLEncoder.encode(SOURCE, StandardCharsets.UTF_8);
      assertEquals(200, Http.get(master.port(), "/addroom?roomid=fleet1&url=" + encoded).status());
      assertEquals(200, Http.get(single.port(), "/addroom?roomid=box1&url=" + encoded).status());

      JsonObject fleetNode = Poll.until(Duration.ofSeconds(30), "the master listing node-linked with its figures",
          () -> withFigures(Http.get(master.port(), "/api/nodes").body().getJsonArray("data")));
      JsonObject boxNode = Poll.until(Duration.ofSeconds(30), "the single node listing itself with its figures",
          () -> withFigures(Http.get(single.port(), "/api/nodes").body().getJsonArray("data")));
      assertEquals(fleetNode.fieldNames(), boxNode.fieldNames(), "one node view: " + fleetNode + " vs " + boxNode);
      assertEquals(fleetNode.getJsonObject("figures").fieldNames(), boxNode.getJsonObject("figures").fieldNames());
      assertEquals("node-single", boxNode.getString("nodeId"));
      assertEquals("UP", boxNode.getString("state"));
      assertEquals("embedded", boxNode.getString("linkMode"));

      JsonObject fleetRoom = Poll.until(Duration.ofSeconds(30), "fleet1 recording on node-linked", () -> {
        JsonObject room = Http.get(master.port(), "/api/rooms/fleet1").body().getJsonObject("data");
        return "RECORDING".equals(room.getString("state")) ? room : null;
      });
      JsonObject boxRoom = Poll.until(Duration.ofSeconds(30), "box1 recording on the single node", () -> {
        JsonObject room = Http.get(single.port(), "/api/rooms/box1").body().getJsonObject("data");
        return "RECORDING".equals(room.getString("state")) ? room : null;
      });
      Set<String> missing = new java.util.TreeSet<>(fleetRoom.fieldNames());
      missing.removeAll(boxRoom.fieldNames());
      assertTrue(missing.isEmpty(), "the single node's room lacks " + missing + ": " + boxRoom);
      assertEquals("node-single", boxRoom.getString("nodeId"));
      assertEquals("node-linked", fleetRoom.getString("nodeId"));
      // the linked node shows the master's room with the master's epoch
      JsonObject heldThere = Http.get(linked.port(), "/api/rooms/fleet1").body().getJsonObject("data");
      assertEquals(fleetRoom.getLong("epoch"), heldThere.getLong("epoch"), heldThere.encode());

      // the master lists the room's stored files as the SRS DVR manager expects, with URLs on the node
      JsonObject dvrFile = Poll.until(Duration.ofSeconds(60), "a stored file of fleet1 in the master's DVR listing", () -> {
        var files = Http.get(master.port(), "/stream/query_record/fleet1").body().getJsonArray("files");
        return files == null || files.isEmpty() ? null : files.getJsonObject(0);
      });
      String url = dvrFile.getString("download_url");
      assertTrue(url.startsWith("http://127.0.0.1:" + linked.port() + "/stream/record/d/"), dvrFile.encode());
      var part = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
          .header("Range", "bytes=0-99").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(206, part.statusCode(), "the node that holds it serves the file");
      assertEquals(100, part.body().length);
      assertEquals("node-linked", dvrFile.getString("node"));
    } finally {
      master.stop().await(30, TimeUnit.SECONDS);
    }
  }

  /** The node entry once it carries figures (after its first heartbeat), else null. */
  private static JsonObject withFigures(JsonArray nodes) {
    if (nodes == null || nodes.isEmpty()) return null;
    JsonObject node = nodes.getJsonObject(0);
    return node.getJsonObject("figures") != null ? node : null;
  }
}
