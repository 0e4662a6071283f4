package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.TestNode;

/**
 * The upload stage loses its output folder (a file now stands where it was): TaskDoctor replaces
 * the worker again and again with growing delays, and once the folder is back the worker runs and
 * the waiting uploads finish.
 */
class TaskDoctorTest {
  @TempDir
  Path dir;

  @Test
  void restarts_a_worker_that_keeps_failing_with_growing_delays_until_it_stays_up() throws Exception {
    Path input = Ffmpeg.file(dir.resolve("input.mp4"), 6);
    Map<String, String> config = Map.of("RECFLEET_DOCTOR_BACKOFF_MIN_MS", "100", "RECFLEET_DOCTOR_BACKOFF_MAX_MS", "5000",
        "RECFLEET_RECORD_FILE_ROOTS", dir.toString());
    try (TestNode node = TestNode.start(dir.resolve("node"), config);
         EventClient events = EventClient.connect(node.port())) {
      Path output = node.output();
      Files.delete(output);
      Files.writeString(output, "not a folder");

      Http.Reply added = Http.get(node.port(), "/addroom?roomid=doc1&url=" + URLEncoder.encode(input.toString(), StandardCharsets.UTF_8));
      org.junit.jupiter.api.Assertions.assertEquals(200, added.status(), added.body().encode());
      events.await(Duration.ofSeconds(30), "four failures of the upload worker", all -> uploadFailures(events).size() >= 4);
      List<Long> delays = uploadFailures(events).stream().map(e -> data(e).getLong("RetryInMs")).toList();
      for (int i = 1; i < 4; i++) {
        assertTrue(delays.get(i) > delays.get(i - 1), "delays grow: " + delays);
      }
      assertTrue(events.ofType("UpEnded").isEmpty(), "nothing is stored while the folder is missing");

      Files.delete(output); // the cause goes away
      events.await(Duration.ofSeconds(30), "the upload worker running again", all -> events.ofType("WorkerRestarted")
          .stream().anyMatch(e -> "stage:upload".equals(data(e).getString("Worker"))));
      events.await(Duration.ofSeconds(30), "both waiting files stored", all -> events.ofType("UpEnded").size() == 2);
      JsonObject system = Http.get(node.port(), "/api/system").body().getJsonObject("data");
      JsonObject upload = system.getJsonArray("doctor").stream().map(o -> (JsonObject) o)
          .filter(u -> u.getString("unit").equals("stage:upload")).findFirst().orElseThrow();
      assertEquals("running", upload.getString("state"));
      assertTrue(upload.getInteger("restarts") >= 1, upload.encode());
    }
  }

  private static List<JsonObject> uploadFailures(EventClient events) {
    return events.ofType("WorkerFailed").stream().filter(e -> "stage:upload".equals(data(e).getString("Worker"))).toList();
  }
}
