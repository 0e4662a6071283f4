package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Http;
import recfleet.node.testing.TestNode;

/** NGlive's room routes and the native API, error codes included, over real HTTP; rooms survive a restart. */
class RoomApiTest {
  private static final String SOURCE = URLEncoder.encode(
      "lavfi:testsrc2=size=320x240:rate=25,realtime", StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  @Test
  void nglive_routes_answer_with_their_error_codes_and_rooms_survive_a_restart() throws Exception {
    Map<String, String> config = Map.of("RECFLEET_RECORD_BLACKLIST", "banned1");
    try (TestNode node = TestNode.start(dir, config)) {
      int port = node.port();
      // 4031: a bad room id, and a room with no source (no url=, no source_template)
      assertCode(Http.get(port, "/addroom?roomid=bad%20id&url=" + SOURCE), 400, 4031);
      assertCode(Http.get(port, "/addroom?roomid=../etc&url=" + SOURCE), 400, 4031);
      assertCode(Http.get(port, "/addroom?roomid=nosource"), 400, 4031);
      assertCode(Http.get(port, "/addroom?roomid=badsrc&url=ftp%3A%2F%2Fx"), 400, 4031);
      // added once, then 4032
      assertCode(Http.get(port, "/addroom?roomid=r1&url=" + SOURCE), 200, 0);
      assertCode(Http.get(port, "/addroom?roomid=r1&url=" + SOURCE), 409, 4032);
      // 4033 from the config's blacklist and from the API's
      assertCode(Http.get(port, "/addroom?roomid=banned1&url=" + SOURCE), 403, 4033);
      assertCode(Http.put(port, "/api/blacklist/banned2", "{\"reason\":\"asked by the streamer\"}"), 200, 0);
      assertCode(Http.get(port, "/addroom?roomid=banned2&url=" + SOURCE), 403, 4033);
      assertTrue(Http.get(port, "/api/blacklist").body().getJsonObject("data").containsKey("banned2"));
      // 4042 on get and remove of an unknown room
      assertCode(Http.get(port, "/getroom?roomid=ghost"), 404, 4042);
      assertCode(Http.get(port, "/removeroom?roomid=ghost"), 404, 4042);
      // a malformed id is 4031 on every route that takes one, before anything is looked up (NGlive's rule)
      for (String bad : new String[] {"-1", "bad%20id", "_lead", "a".repeat(65), "%E7%9B%B4%E6%92%AD"}) {
        for (String path : new String[] {"/getroom?roomid=", "/removeroom?roomid=", "/addroom?roomid=",
            "/api/rooms/", "/api/recordings?room=", "/stream/query_record/", "/stream/cover/"}) {
          assertCode(Http.get(port, path + bad), 400, 4031);
        }
        assertCode(Http.delete(port, "/api/rooms/" + bad), 400, 4031);
        assertCode(Http.put(port, "/api/blacklist/" + bad, "{}"), 400, 4031);
        assertCode(Http.delete(port, "/api/blacklist/" + bad), 400, 4031);
      }
      assertCode(Http.get(port, "/getroom"), 400, 4031);
      // get and list
      Http.Reply got = Http.get(port, "/getroom?roomid=r1");
      assertCode(got, 200, 0);
      assertEquals("r1", got.body().getJsonObject("data").getString("roomId"));
      assertEquals(1, Http.get(port, "/allroom").body().getJsonArray("data").size());

      // the native API: malformed and wrong bodies are refused with a message, good ones accepted
      Http.Reply malformed = Http.post(port, "/api/rooms", "{\"roomId\": ");
      assertCode(malformed, 400, 4000);
      assertCode(Http.post(port, "/api/rooms", "{\"roomId\":\"r2\",\"url\":\"" + decoded() + "\",\"colour\":1}"), 400, 4000);
      assertCode(Http.post(port, "/api/rooms", "{\"roomId\":\"r2\",\"url\":\"" + decoded() + "\"}"), 201, 0);
      assertCode(Http.get(port, "/api/rooms/r2"), 200, 0);
      assertCode(Http.delete(port, "/api/rooms/r2"), 200, 0);
      assertCode(Http.get(port, "/api/rooms/r2"), 404, 4042);
      assertCode(Http.get(port, "/no/such/route"), 404, 404);
    }

    // r1 is still there after a restart, and records again
    try (TestNode node = TestNode.start(dir, config); EventClient events = EventClient.connect(node.port())) {
      JsonObject rooms = Http.get(node.port(), "/allroom").body();
      assertEquals(1, rooms.getJsonArray("data").size());
      events.await(Duration.ofSeconds(30), "r1 recording again after the restart", all -> events.ofType("FileOpening")
          .stream().anyMatch(e -> "r1".equals(data(e).getString("RoomId"))));
      assertCode(Http.get(node.port(), "/removeroom?roomid=r1"), 200, 0);
      assertFalse(Http.get(node.port(), "/allroom").body().getJsonArray("data").stream().findAny().isPresent());
      JsonObject nodes = Http.get(node.port(), "/api/nodes").body();
      assertEquals("node-1", nodes.getJsonArray("data").getJsonObject(0).getString("nodeId"), nodes.encode());
    }
  }

  @Test
  void a_room_whose_stored_options_cannot_be_read_says_so_and_runs_on_the_defaults() throws Exception {
    try (var db = recfleet.node.store.NodeDatabase.open(dir.resolve("data"))) {
      new recfleet.node.store.RoomStore(db, java.time.Clock.systemUTC()).insert(new recfleet.node.store.RoomEntry("broken1", decoded(), "live",
          Map.of(), java.time.OffsetDateTime.now()));
      db.dsl().execute("UPDATE room SET options_json = '{not json' WHERE room_id = 'broken1'");
    }
    try (TestNode node = TestNode.start(dir, Map.of())) {
      JsonObject room = Http.get(node.port(), "/api/rooms/broken1").body().getJsonObject("data");
      assertTrue(room.getString("optionsProblem", "").contains("not a JSON object"), room.encode());
    }
  }

  private static String decoded() {
    return java.net.URLDecoder.decode(SOURCE, StandardCharsets.UTF_8);
  }

  private static void assertCode(Http.Reply reply, int status, int code) {
    assertEquals(status, reply.status(), reply.body().encode());
    assertEquals(code, reply.body().getInteger("code"), reply.body().encode());
    assertTrue(reply.body().getString("message") != null && !reply.body().getString("message").isBlank());
  }
}
