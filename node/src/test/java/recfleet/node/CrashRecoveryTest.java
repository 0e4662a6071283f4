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
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Http;
import recfleet.node.testing.NodeProcess;
import recfleet.common.testing.Poll;

/**
 * A node process is killed with SIGKILL while upload jobs wait and a segment is open. After a
 * restart every recording, the interrupted one included, is stored exactly once: one file, one
 * UpEnded each.
 */
class CrashRecoveryTest {
  private static final Logger log = LoggerFactory.getLogger(CrashRecoveryTest.class);
  private static final String ROOM = "crash1";
  private static final String SOURCE = "lavfi:testsrc2=size=320x240:rate=25,realtime";

  @TempDir
  Path dir;

  @Test
  void a_node_killed_with_sigkill_finishes_every_pending_job_exactly_once_after_restart() throws Exception {
    Path nodeDir = dir.resolve("node");
    Path output = nodeDir.resolve("output");
    Files.createDirectories(nodeDir);
    Files.writeString(output, "blocks uploads"); // uploads wait in the queue while this file is here
    Map<String, String> config = Map.of("RECFLEET_RECORD_SEGMENT_SECONDS", "2",
        "RECFLEET_DOCTOR_BACKOFF_MIN_MS", "100", "RECFLEET_DOCTOR_BACKOFF_MAX_MS", "500");

    Set<String> recordedBeforeCrash;
    NodeProcess first = NodeProcess.start(nodeDir, config, Path.of("target", "crash-node-1.log"));
    try (EventClient events = EventClient.connect(first.port())) {
      Http.get(first.port(), "/addroom?roomid=" + ROOM + "&url=" + URLEncoder.encode(SOURCE, StandardCharsets.UTF_8));
      events.await(Duration.ofSeconds(60), "two transcoded files waiting for upload",
          all -> events.ofType("TranscodeEnded").size() >= 2);
      recordedBeforeCrash = ids(events.ofType("FileOpening"));
      JsonObject open = events.ofType("FileOpening").get(events.ofType("FileOpening").size() - 1);
      Path openFile = nodeDir.resolve("works").resolve(data(open).getString("RelativePath"));
      Poll.until(Duration.ofSeconds(10), "media in the open segment", () -> Files.size(openFile) > 0);
      first.kill9();
      log.info("killed node pid {} with {} recordings opened, {} transcoded, 0 stored", first.pid(),
          recordedBeforeCrash.size(), events.ofType("TranscodeEnded").size());
      assertTrue(events.ofType("UpEnded").isEmpty());
    } finally {
      first.kill9();
    }

    try (NodeProcess second = NodeProcess.start(nodeDir, config, Path.of("target", "crash-node-2.log"));
         EventClient events = EventClient.connect(second.port())) {
      Files.delete(output); // now the upload worker can start and drain the queue
      events.await(Duration.ofSeconds(60), "every recording from before the crash stored",
          all -> ids(events.ofType("UpEnded")).containsAll(recordedBeforeCrash));
      Http.get(second.port(), "/removeroom?roomid=" + ROOM);
      events.await(Duration.ofSeconds(30), "SessionEnded", all -> !events.ofType("SessionEnded").isEmpty());
      Set<String> closedAfter = ids(events.ofType("FileClosed"));
      events.await(Duration.ofSeconds(60), "every recording stored",
          all -> ids(events.ofType("UpEnded")).containsAll(closedAfter));

      Map<String, Long> upEndedPerRecording = events.ofType("UpEnded").stream()
          .collect(Collectors.groupingBy(e -> data(e).getString("RecordingId"), Collectors.counting()));
      upEndedPerRecording.forEach((id, n) -> assertEquals(1L, n, "UpEnded events for " + id));
      int expected = recordedBeforeCrash.size() + closedAfter.size();
      assertEquals(expected, upEndedPerRecording.size());

      List<Path> stored;
      try (Stream<Path> files = Files.walk(output)) {
        stored = files.filter(Files::isRegularFile).toList();
      }
      assertEquals(expected, stored.stream().filter(p -> p.toString().endsWith(".mp4")).count(), stored.toString());
      assertTrue(stored.stream().noneMatch(p -> p.toString().endsWith(".part")), stored.toString());
      List<JsonObject> listed = Http.get(second.port(), "/api/recordings?room=" + ROOM).body().getJsonArray("data")
          .stream().map(o -> (JsonObject) o).toList();
      assertEquals(expected, listed.size());
      listed.forEach(r -> assertEquals("STORED", r.getString("state"), r.encode()));
    }
  }

  private static Set<String> ids(List<JsonObject> events) {
    return events.stream().map(e -> data(e).getString("RecordingId")).collect(Collectors.toSet());
  }

}
