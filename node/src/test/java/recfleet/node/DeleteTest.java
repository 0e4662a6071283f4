package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.common.testing.Poll;
import recfleet.node.testing.Http;
import recfleet.node.testing.TestNode;

/**
 * DELETE /api/recordings/{id} on local storage: a file still being written is refused with a 409
 * that says so; once stored, the file and its cover leave the storage folder, the catalog forgets
 * it, and RecordingDeleted says so. (WebDavTest deletes from a real WebDAV server, and is refused
 * during an upload.)
 */
class DeleteTest {
  @TempDir
  Path dir;

  @Test
  void a_file_being_written_is_refused_and_a_stored_one_leaves_the_storage_and_the_catalog() throws Exception {
    try (TestNode node = TestNode.start(dir.resolve("node"), Map.of());
         EventClient events = EventClient.connect(node.port())) {
      Http.get(node.port(), "/addroom?roomid=del1&url="
          + URLEncoder.encode("lavfi:testsrc2=size=320x240:rate=25,realtime", StandardCharsets.UTF_8));
      events.await(Duration.ofSeconds(30), "a file opening", all -> !events.ofType("FileOpening").isEmpty());
      String id = data(events.ofType("FileOpening").get(0)).getString("RecordingId");
      Http.Reply writing = Http.delete(node.port(), "/api/recordings/" + id);
      assertEquals(409, writing.status(), writing.body().encode());
      assertTrue(writing.body().getString("message").contains("still being written"), writing.body().encode());

      Http.get(node.port(), "/removeroom?roomid=del1");
      JsonObject stored = Poll.until(Duration.ofSeconds(60), "the file stored", () -> {
        JsonObject r = Http.get(node.port(), "/api/recordings/" + id).body().getJsonObject("data");
        return r != null && "STORED".equals(r.getString("state")) ? r : null;
      });
      Path file = node.dir.resolve("output").resolve(stored.getString("storedPath"));
      assertTrue(Files.exists(file));
      Http.Reply deleted = Poll.until(Duration.ofSeconds(30), "the delete taken (its notify done)", () -> {
        Http.Reply r = Http.delete(node.port(), "/api/recordings/" + id);
        return r.status() == 200 ? r : null;
      });
      assertEquals(id, deleted.body().getJsonObject("data").getString("RecordingId"));
      assertFalse(Files.exists(file), "the file left the storage folder");
      if (stored.getString("coverPath") != null) {
        assertFalse(Files.exists(node.dir.resolve("output").resolve(stored.getString("coverPath"))), "and its cover");
      }
      assertEquals(404, Http.get(node.port(), "/api/recordings/" + id).status());
      assertFalse(Http.get(node.port(), "/api/recordings?room=del1").body().encode().contains(id), "the catalog forgot it");
      events.await(Duration.ofSeconds(10), "RecordingDeleted", all -> events.ofType("RecordingDeleted").stream()
          .anyMatch(e -> id.equals(data(e).getString("RecordingId"))));
      assertEquals(404, Http.delete(node.port(), "/api/recordings/nothing-here").status());
    }
  }
}
