package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.MovableClock;
import recfleet.common.testing.Poll;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NginxRtmp;
import recfleet.node.testing.Processes;
import recfleet.node.testing.Rings;
import recfleet.node.testing.TestNode;

/**
 * A room with a recording window (Mondays 08:00-09:00), on a clock the test moves by hand, recording
 * from nginx-rtmp: before the window it holds no connection to the server (its connections counted in
 * /proc/net/tcp), inside it records, and when the window closes the connection goes and the file is
 * stored.
 */
class ScheduleTest {
  @TempDir
  Path dir;

  @Test
  void a_room_connects_and_records_only_inside_its_window() throws Exception {
    MovableClock clock = new MovableClock(Instant.parse("2026-12-07T07:59:00Z")); // a Monday
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"));
         TestNode node = TestNode.start(dir.resolve("node"), Map.of("RECFLEET_RECORD_TIMEZONE", "UTC",
             "RECFLEET_RECORD_SEGMENT_SECONDS", "0"), clock)) {
      Process publisher = Ffmpeg.publish(rtmp.url("shop"), "300k", dir.resolve("publisher.log"));
      try {
        Poll.until(Duration.ofSeconds(20), "the publisher connected", () -> clientsOf(rtmp.port()) == 1);
        JsonObject schedule = new JsonObject().put("windows", new JsonArray().add(new JsonObject()
            .put("days", "mon").put("from", "08:00").put("to", "09:00")));
        Http.Reply added = Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "shop")
            .put("url", rtmp.url("shop")).put("options", new JsonObject().put("schedule", schedule)).encode());
        assertEquals(201, added.status(), added.body().encode());
        Poll.until(Duration.ofSeconds(20), "the room held outside its window", () -> "SCHEDULED".equals(state(node)));
        assertEquals(1, clientsOf(rtmp.port()), "no connection to the source outside the window");
        assertTrue(recordings(node).isEmpty(), "nothing recorded outside the window");

        clock.advance(Duration.ofMinutes(1).plusSeconds(5)); // 08:00:05
        Poll.until(Duration.ofSeconds(30), "recording inside the window", () -> "RECORDING".equals(state(node))
            && !recordings(node).isEmpty());
        assertEquals(2, clientsOf(rtmp.port()), "the room's connection, beside the publisher's");
        String id = recordings(node).getJsonObject(0).getString("recordingId");

        clock.advance(Duration.ofHours(1)); // 09:00:05
        Poll.until(Duration.ofSeconds(30), "the window closed", () -> "SCHEDULED".equals(state(node))
            && clientsOf(rtmp.port()) == 1);
        JsonObject stored = Rings.stored(node.port(), id);
        assertTrue(Files.exists(node.dir.resolve("output").resolve(stored.getString("storedPath"))));

        Http.Reply bad = Http.post(node.port(), "/api/rooms", new JsonObject().put("roomId", "bad").put("url", rtmp.url("x"))
            .put("options", new JsonObject().put("schedule", new JsonObject().put("windows", new JsonArray()
                .add(new JsonObject().put("days", "someday").put("from", "08:00").put("to", "09:00"))))).encode());
        assertEquals(400, bad.status());
        assertTrue(bad.body().getString("message").contains("options.schedule"), bad.body().encode());
      } finally {
        Processes.kill9(publisher);
      }
    }
  }

  private static String state(TestNode node) throws Exception {
    return Http.get(node.port(), "/api/rooms/shop").body().getJsonObject("data").getString("state");
  }

  private static JsonArray recordings(TestNode node) throws Exception {
    return Http.get(node.port(), "/api/recordings?room=shop").body().getJsonArray("data");
  }

  /** Established TCP connections to a loopback server's port, from the kernel's own table. */
  private static long clientsOf(int port) throws Exception {
    String hexPort = String.format(Locale.ROOT, ":%04X ", port);
    long n = 0;
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.strip().split("\\s+");
        if (f.length > 3 && (f[1] + " ").endsWith(hexPort) && f[3].equals("01")) n++;
      }
    }
    return n;
  }
}
