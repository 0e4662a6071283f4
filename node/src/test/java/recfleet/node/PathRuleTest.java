package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.testing.EventClient;
import recfleet.common.testing.Poll;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NginxRtmp;
import recfleet.node.testing.Processes;
import recfleet.node.testing.RcloneWebDav;
import recfleet.node.testing.Rings;
import recfleet.node.testing.TestNode;

/**
 * Path rules driven by nginx-rtmp's own hooks (on_publish / on_publish_done, posted as forms to the
 * node): a stream published to live/cam7 matches {@code ^live/(cam.+)$}, is recorded from that server
 * with the rule's settings, and its file is stored at {@code record/$1/{date}/{time}.mp4}; when the
 * publisher goes, the room goes and the file is stored. A second rule's {@code storage=webdav} sends
 * live/vault1 to a real WebDAV server (rclone) while the node's default stays its local folder. A stream no rule matches is left alone, and
 * its publish is not refused.
 */
class PathRuleTest {
  private static final Logger log = LoggerFactory.getLogger(PathRuleTest.class);

  @TempDir
  Path dir;

  @Test
  void a_publish_that_matches_a_rule_is_recorded_until_it_is_unpublished_and_stored_where_the_rule_says()
      throws Exception {
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         TestNode node = TestNode.start(dir.resolve("node"), Map.of(
             "RECFLEET_RULES_LIVE", "match=^live/(cam.+)$; path=record/$1/{date}/{time}; fragment=0",
             "RECFLEET_RULES_VAULT", "match=^live/(vault.+)$; path=kept/$1/{date}-{seq}; fragment=0; storage=webdav",
             "RECFLEET_WEBDAV_HOSTNAME", dav.url(), "RECFLEET_WEBDAV_LOGIN", RcloneWebDav.USER,
             "RECFLEET_WEBDAV_PASSWORD", RcloneWebDav.PASS))) {
      String hooks = "on_publish http://127.0.0.1:" + node.port() + "/stream/on_publish/; on_publish_done http://127.0.0.1:"
          + node.port() + "/stream/on_unpublish/;";
      try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"), hooks)) {
        Process publisher = Ffmpeg.publish(rtmp.url("cam7"), "500k", dir.resolve("publisher.log"));
        Process vaulted = Ffmpeg.publish(rtmp.url("vault1"), "300k", dir.resolve("vault.log"));
        JsonObject recording;
        JsonObject vaultRecording;
        try {
          Poll.until(Duration.ofSeconds(30), "the rule's room recording", () -> {
            Http.Reply r = Http.get(node.port(), "/api/rooms/live_cam7");
            return r.status() == 200 && "RECORDING".equals(r.body().getJsonObject("data").getString("state"));
          });
          JsonObject room = Http.get(node.port(), "/api/rooms/live_cam7").body().getJsonObject("data");
          log.info("the rule made {}", room.encode());
          recording = Poll.until(Duration.ofSeconds(30), "a file with two seconds in it", () -> {
            var list = Http.get(node.port(), "/api/recordings?room=live_cam7").body().getJsonArray("data");
            return list.isEmpty() ? null : list.getJsonObject(0);
          });
          vaultRecording = Poll.until(Duration.ofSeconds(30), "the vault rule's file", () -> {
            var list = Http.get(node.port(), "/api/recordings?room=live_vault1").body().getJsonArray("data");
            return list.isEmpty() ? null : list.getJsonObject(0);
          });
          for (JsonObject r : java.util.List.of(recording, vaultRecording)) {
            Poll.until(Duration.ofSeconds(30), "two seconds written", () -> Ffmpeg.videoPackets(
                node.dir.resolve("works").resolve(Http.get(node.port(), "/api/recordings/" + r.getString("recordingId"))
                    .body().getJsonObject("data").getString("rawPath"))) >= 50);
          }
        } finally {
          Processes.kill9(publisher); // nginx-rtmp calls on_publish_done
          Processes.kill9(vaulted);
        }
        JsonObject stored = Rings.stored(node.port(), recording.getString("recordingId"));
        String remote = stored.getString("storedPath");
        assertTrue(remote.matches("record/cam7/\\d{4}-\\d{2}-\\d{2}/\\d{2}-\\d{2}-\\d{2}\\.mp4"), remote);
        Path file = node.dir.resolve("output").resolve(remote);
        assertTrue(Files.exists(file), file.toString());
        assertTrue(Ffmpeg.probe(file).durationSeconds() >= 1.9, "what was published is stored");
        Poll.until(Duration.ofSeconds(30), "the room gone with the publisher", () ->
            Http.get(node.port(), "/api/rooms/live_cam7").status() == 404);

        // the vault rule's storage: the WebDAV server, while the node's default stays the local folder
        JsonObject kept = Rings.stored(node.port(), vaultRecording.getString("recordingId"));
        String keptPath = kept.getString("storedPath");
        assertEquals("webdav", kept.getString("storage"), kept.encode());
        assertTrue(keptPath.matches("kept/vault1/\\d{4}-\\d{2}-\\d{2}-1\\.mp4"), keptPath);
        Path onServer = dav.folder().resolve("recfleet").resolve(keptPath);
        assertTrue(Files.exists(onServer), "on the WebDAV server: " + onServer);
        assertTrue(Files.notExists(node.dir.resolve("output").resolve(keptPath)), "not in the local folder");
        assertEquals(kept.getLong("storedBytes"), Files.size(onServer));
        var download = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + node.port() + "/api/recordings/" + kept.getString("recordingId")
                + "/file")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode(), "served from the storage it is in");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(onServer), download.body()), "relayed from WebDAV, whole");
        assertEquals("local", stored.getString("storage"), "the default storage, named: " + stored.encode());

        try (EventClient events = EventClient.connect(node.port())) {
          Process other = Ffmpeg.publish(rtmp.url("other"), "300k", dir.resolve("other.log"));
          try {
            events.await(Duration.ofSeconds(20), "nginx-rtmp's on_publish for live/other", all -> events.ofType("SessionStarted")
                .stream().anyMatch(e -> "other".equals(data(e).getString("RoomId")) && "nginx-rtmp".equals(data(e).getString("Sender"))));
            assertEquals(0, Http.get(node.port(), "/api/rooms").body().getJsonArray("data").size(), "no rule, no room");
            assertTrue(other.isAlive(), "the publish was not refused");
          } finally {
            Processes.kill9(other);
          }
        }
      }
    }
  }
}
