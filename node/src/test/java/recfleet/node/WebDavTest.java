package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.node.store.schema.Tables.JOB;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.store.JobStore;
import recfleet.node.store.NodeDatabase;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.common.testing.Poll;
import recfleet.node.testing.RcloneWebDav;
import recfleet.node.testing.Seed;
import recfleet.node.testing.SlowLink;
import recfleet.node.testing.TestNode;

/** Uploads to a real WebDAV server (rclone serve webdav, basic auth), checked on the server's own folder. */
class WebDavTest {
  @TempDir
  Path dir;

  /** Every log line of the node while a test runs, to check that no credential is ever logged. */
  private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logLines =
      new ch.qos.logback.core.read.ListAppender<>();

  @org.junit.jupiter.api.BeforeEach
  void captureLog() {
    logLines.start();
    root().addAppender(logLines);
  }

  @org.junit.jupiter.api.AfterEach
  void noCredentialWasLogged() {
    root().detachAppender(logLines);
    for (var line : logLines.list) {
      String text = line.getFormattedMessage() + (line.getThrowableProxy() == null ? ""
          : ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(line.getThrowableProxy()));
      assertFalse(text.contains(RcloneWebDav.PASS) || text.contains("not-the-password"), "logged a password: " + text);
    }
    assertFalse(logLines.list.isEmpty(), "the log was captured");
  }

  private static ch.qos.logback.classic.Logger root() {
    return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private Map<String, String> davConfig(RcloneWebDav dav, String password, Map<String, String> more) {
    return davConfig(dav.url(), password, more);
  }

  private Map<String, String> davConfig(String url, String password, Map<String, String> more) {
    Map<String, String> c = new HashMap<>(Map.of("RECFLEET_UPLOAD_TARGET", "webdav",
        "RECFLEET_WEBDAV_HOSTNAME", url, "RECFLEET_WEBDAV_LOGIN", RcloneWebDav.USER,
        "RECFLEET_WEBDAV_PASSWORD", password, "RECFLEET_WEBDAV_ROOT", "/recfleet/videos"));
    c.putAll(more);
    return c;
  }

  @Test
  void uploads_create_folders_report_progress_verify_and_then_delete_the_local_copy() throws Exception {
    Path flv = Ffmpeg.flv(dir.resolve("in.flv"), 3, "320x240");
    Path nodeDir = dir.resolve("node");
    String a = Seed.recording(nodeDir, "room1", flv, Duration.ofSeconds(2));
    String b = Seed.recording(nodeDir, "room2", flv, Duration.ofSeconds(2));
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         TestNode node = TestNode.start(nodeDir, davConfig(dav, RcloneWebDav.PASS, Map.of()));
         EventClient events = EventClient.connect(node.port())) {
      events.await(Duration.ofSeconds(60), "both uploads done", all -> events.ofType("UpEnded").size() == 2);
      for (String id : List.of(a, b)) {
        JsonObject r = Http.get(node.port(), "/api/recordings/" + id).body().getJsonObject("data");
        assertEquals("STORED", r.getString("state"));
        Path onServer = dav.folder().resolve("recfleet/videos").resolve(r.getString("storedPath"));
        assertEquals(r.getLong("outputBytes"), Files.size(onServer), "the server holds the whole file");
        assertTrue(Files.size(dav.folder().resolve("recfleet/videos").resolve(r.getString("coverPath"))) > 1000);
        assertFalse(Files.exists(nodeDir.resolve("works").resolve(r.getString("outputPath"))), "local copy deleted");
        assertTrue(events.ofType("IsUp").stream().anyMatch(e -> id.equals(data(e).getString("RecordingId"))
            && data(e).getDouble("Progress") == 100.0), "IsUp reached 100 % for " + id);
      }
      for (JsonObject e : events.all()) assertFalse(e.encode().contains(RcloneWebDav.PASS), "no password in events");
    }
  }

  @Test
  void wrong_credentials_end_in_one_up_error_that_says_so_without_the_password() throws Exception {
    Path nodeDir = dir.resolve("node");
    String id = Seed.recording(nodeDir, "room1", Ffmpeg.flv(dir.resolve("in.flv"), 2, "320x240"), Duration.ofSeconds(2));
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         TestNode node = TestNode.start(nodeDir, davConfig(dav, "not-the-password", Map.of()));
         EventClient events = EventClient.connect(node.port())) {
      events.await(Duration.ofSeconds(60), "UpError", all -> !events.ofType("UpError").isEmpty());
      JsonObject error = data(events.ofType("UpError").get(0));
      assertTrue(error.getString("Reason").contains("401"), error.encode());
      assertFalse(error.encode().contains("not-the-password"));
      assertEquals(1, events.ofType("UpStarted").size(), "a final error is not retried");
      JsonObject r = Http.get(node.port(), "/api/recordings/" + id).body().getJsonObject("data");
      assertEquals("FAILED", r.getString("state"));
      assertTrue(Files.exists(nodeDir.resolve("works").resolve(r.getString("outputPath"))), "the local file is kept");
      assertFalse(Http.get(node.port(), "/api/system").body().encode().contains("not-the-password"));
    }
  }

  @Test
  void an_upload_cut_by_a_server_outage_finishes_after_it_with_one_remote_copy() throws Exception {
    Path nodeDir = dir.resolve("node");
    String id = seedBigRecording(nodeDir);
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         SlowLink link = new SlowLink(dav.port(), 1_000_000);
         TestNode node = TestNode.start(nodeDir, davConfig(link.url(), RcloneWebDav.PASS, Map.of()));
         EventClient events = EventClient.connect(node.port())) {
      Path local = awaitUploadUnderWay(node, events, id);
      dav.kill();
      assertTrue(Files.exists(local), "the local file is there during the outage");
      Poll.until(Duration.ofSeconds(30), "a failed attempt", () -> Http.get(node.port(), "/api/system").body()
          .getJsonObject("data").getJsonObject("jobs").containsKey("UPLOAD.PENDING"));
      assertTrue(Files.exists(local), "the local file is there while the job waits");
      dav.startAgain();
      events.await(Duration.ofSeconds(90), "the upload finished after the outage", all -> !events.ofType("UpEnded").isEmpty());
      assertOneWholeRemoteCopy(dav, node, id);
    }
  }

  @Test
  void a_node_stopped_mid_upload_puts_the_job_back_and_finishes_it_at_the_next_start() throws Exception {
    Path nodeDir = dir.resolve("node");
    String id = seedBigRecording(nodeDir);
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         SlowLink link = new SlowLink(dav.port(), 1_000_000)) {
      Map<String, String> config = davConfig(link.url(), RcloneWebDav.PASS, Map.of());
      Path local;
      try (TestNode node = TestNode.start(nodeDir, config); EventClient events = EventClient.connect(node.port())) {
        local = awaitUploadUnderWay(node, events, id);
      } // the stop, with about 4 MB still to send at 1 MB/s
      assertTrue(Files.exists(local), "the local file is kept");
      try (NodeDatabase db = NodeDatabase.open(nodeDir.resolve("data"))) {
        var upload = db.dsl().selectFrom(JOB).where(JOB.RECORDING_ID.eq(id)).and(JOB.STAGE.eq("UPLOAD")).fetchOne();
        assertEquals(JobStore.PENDING, upload.getState(), "the stop put the upload back in the queue");
        assertEquals(0, upload.getAttempts(), "the interrupted attempt does not count");
        assertTrue(upload.getLastError().contains("stopping"), upload.getLastError());
      }
      try (TestNode node = TestNode.start(nodeDir, config); EventClient events = EventClient.connect(node.port())) {
        events.await(Duration.ofSeconds(90), "the upload finished after the restart",
            all -> !events.ofType("UpEnded").isEmpty());
        assertOneWholeRemoteCopy(dav, node, id);
      }
    }
  }

  /** A recording of about 6 MB (12 s at 4 Mbit/s): 6 s of upload through a 1 MB/s link. */
  private String seedBigRecording(Path nodeDir) throws Exception {
    return Seed.recording(nodeDir, "big", Ffmpeg.flv(dir.resolve("big.flv"), 12, "1280x720"), Duration.ofSeconds(2));
  }

  /** Waits until the recording's upload has begun and not ended; returns its local (transcoded) file. */
  private static Path awaitUploadUnderWay(TestNode node, EventClient events, String id) throws Exception {
    events.await(Duration.ofSeconds(60), "the upload under way", all -> events.ofType("IsUp").stream()
        .anyMatch(e -> data(e).getDouble("Progress") > 0 && data(e).getDouble("Progress") < 100));
    JsonObject r = Http.get(node.port(), "/api/recordings/" + id).body().getJsonObject("data");
    return node.dir.resolve("works").resolve(r.getString("outputPath"));
  }

  /** The server's own folder holds the recording once, whole, whatever attempts were cut short. */
  private static void assertOneWholeRemoteCopy(RcloneWebDav dav, TestNode node, String id) throws Exception {
    List<Path> remote;
    try (Stream<Path> files = Files.walk(dav.folder())) {
      remote = files.filter(p -> p.toString().endsWith(".mp4")).toList();
    }
    assertEquals(1, remote.size(), remote.toString());
    JsonObject stored = Http.get(node.port(), "/api/recordings/" + id).body().getJsonObject("data");
    assertEquals(stored.getLong("outputBytes"), Files.size(remote.get(0)));
  }

  @Test
  void a_delete_during_the_upload_is_refused_and_once_stored_removes_the_file_and_its_cover_from_the_server()
      throws Exception {
    Path nodeDir = dir.resolve("node");
    String id = seedBigRecording(nodeDir);
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         SlowLink link = new SlowLink(dav.port(), 1_000_000);
         TestNode node = TestNode.start(nodeDir, davConfig(link.url(), RcloneWebDav.PASS, Map.of()));
         EventClient events = EventClient.connect(node.port())) {
      awaitUploadUnderWay(node, events, id);
      Http.Reply refused = Http.delete(node.port(), "/api/recordings/" + id);
      assertEquals(409, refused.status(), refused.body().encode());
      assertTrue(refused.body().getString("message").contains("being transcoded or uploaded"), refused.body().encode());
      events.await(Duration.ofSeconds(90), "the upload done", all -> !events.ofType("UpEnded").isEmpty());
      JsonObject stored = Poll.until(Duration.ofSeconds(30), "stored and notified", () -> {
        JsonObject r = Http.get(node.port(), "/api/recordings/" + id).body().getJsonObject("data");
        return Http.delete(node.port(), "/api/recordings/" + id).status() == 200 ? r : null;
      });
      Path root = dav.folder().resolve("recfleet/videos");
      assertFalse(Files.exists(root.resolve(stored.getString("storedPath"))), "the file is gone from the server");
      assertFalse(Files.exists(root.resolve(stored.getString("coverPath"))), "and its cover");
      assertEquals(404, Http.get(node.port(), "/api/recordings/" + id).status(), "the catalog forgot it");
      events.await(Duration.ofSeconds(10), "RecordingDeleted", all -> !events.ofType("RecordingDeleted").isEmpty());
      assertEquals(id, data(events.ofType("RecordingDeleted").get(0)).getString("RecordingId"));
      assertEquals(404, Http.delete(node.port(), "/api/recordings/" + id).status(), "deleted once");
    }
  }

  @Test
  void the_oldest_recordings_are_evicted_with_their_covers_to_stay_within_the_quota() throws Exception {
    Path nodeDir = dir.resolve("node");
    Path flv = Ffmpeg.flv(dir.resolve("in.flv"), 3, "320x240");
    long each = Files.size(flv);
    for (int i = 0; i < 5; i++) Seed.recording(nodeDir, "q", flv, Duration.ofSeconds(2 + i));
    long quota = each * 5 / 2;
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         TestNode node = TestNode.start(nodeDir, davConfig(dav, RcloneWebDav.PASS,
             Map.of("RECFLEET_WEBDAV_MAX_STORAGE_BYTES", String.valueOf(quota), "RECFLEET_UPLOAD_WORKERS", "1")));
         EventClient events = EventClient.connect(node.port())) {
      events.await(Duration.ofSeconds(90), "five uploads", all -> events.ofType("UpEnded").size() == 5);
      events.await(Duration.ofSeconds(10), "evictions", all -> !events.ofType("RecordingEvicted").isEmpty());
      long onServer;
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dav.folder())) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      onServer = 0;
      for (Path f : files) onServer += Files.size(f);
      assertTrue(onServer <= quota, onServer + " bytes on the server for a quota of " + quota);
      for (JsonObject e : events.ofType("RecordingEvicted")) {
        Path root = dav.folder().resolve("recfleet/videos");
        assertFalse(Files.exists(root.resolve(data(e).getString("RelativePath"))));
        assertFalse(Files.exists(root.resolve(data(e).getString("CoverPath"))), "its cover went with it");
      }
      long kept = files.stream().filter(p -> p.toString().endsWith(".mp4")).count();
      assertEquals(5 - events.ofType("RecordingEvicted").size(), kept);
      assertTrue(kept >= 1, "the newest recording is kept");
    }
  }

  @Test
  void an_hls_recording_is_stored_as_a_folder_plays_through_the_node_and_is_evicted_as_one() throws Exception {
    Path nodeDir = dir.resolve("node");
    Path flv = Ffmpeg.flv(dir.resolve("in.flv"), 8, "320x240");
    String older = Seed.hlsRecording(nodeDir, "hls", flv, Duration.ofSeconds(2));
    String newer = Seed.hlsRecording(nodeDir, "hls", flv, Duration.ofSeconds(3));
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"))) {
      Path root = dav.folder().resolve("recfleet/videos");
      long quota = 3 * Files.size(flv) / 2; // room for one of the two (plus covers), not both
      try (TestNode node = TestNode.start(nodeDir, davConfig(dav, RcloneWebDav.PASS,
               Map.of("RECFLEET_WEBDAV_MAX_STORAGE_BYTES", String.valueOf(quota), "RECFLEET_UPLOAD_WORKERS", "1")));
           EventClient events = EventClient.connect(node.port())) {
        events.await(Duration.ofSeconds(90), "both uploads and an eviction", all -> events.ofType("UpEnded").size() == 2
            && !events.ofType("RecordingEvicted").isEmpty());
        JsonObject kept = Http.get(node.port(), "/api/recordings/" + newer).body().getJsonObject("data");
        assertEquals("STORED", kept.getString("state"));
        Path playlist = root.resolve(kept.getString("storedPath"));
        assertTrue(Files.readString(playlist).contains("#EXT-X-ENDLIST"), "an ended playlist on the server");
        long onServer = 0;
        List<String> names;
        try (Stream<Path> files = Files.list(playlist.getParent())) {
          List<Path> all = files.toList();
          for (Path f : all) onServer += Files.size(f);
          names = all.stream().map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertEquals(kept.getLong("outputBytes"), onServer, "the whole folder: " + names);
        assertEquals(Stream.of("init.mp4", playlist.getFileName().toString(), "seg-00001.m4s", "seg-00002.m4s")
            .sorted().toList(), names, "the playlist, init.mp4 and two 4 s segments");
        String url = "http://127.0.0.1:" + node.port() + "/api/recordings/" + newer + "/file";
        assertEquals(Ffmpeg.probe(flv).durationSeconds(), Ffmpeg.probe(url).durationSeconds(), 0.05,
            "plays through the node, relayed from the server");
        assertEquals(Ffmpeg.packetHashes(flv, "0:v:0"), Ffmpeg.packetHashes(url, "0:v:0"), "bit-exact");

        JsonObject evicted = data(events.ofType("RecordingEvicted").get(0));
        assertEquals(older, evicted.getString("RecordingId"));
        assertFalse(Files.exists(root.resolve(evicted.getString("RelativePath")).getParent()),
            "the evicted recording's folder is gone with its playlist, init and segments");
        assertEquals(404, Http.get(node.port(), "/api/recordings/" + older + "/init.mp4").status());
      }
    }
  }

  @Test
  void recordings_older_than_max_age_days_are_evicted_with_their_covers() throws Exception {
    Path nodeDir = dir.resolve("node");
    Path flv = Ffmpeg.flv(dir.resolve("in.flv"), 2, "320x240");
    String old = Seed.recording(nodeDir, "aged", flv, Duration.ofSeconds(2), java.time.OffsetDateTime.now().minusDays(3));
    String fresh = Seed.recording(nodeDir, "aged", flv, Duration.ofSeconds(3));
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         TestNode node = TestNode.start(nodeDir, davConfig(dav, RcloneWebDav.PASS,
             Map.of("RECFLEET_WEBDAV_MAX_AGE_DAYS", "2", "RECFLEET_UPLOAD_WORKERS", "1")));
         EventClient events = EventClient.connect(node.port())) {
      events.await(Duration.ofSeconds(60), "both uploaded", all -> events.ofType("UpEnded").size() == 2);
      events.await(Duration.ofSeconds(10), "the old one evicted", all -> !events.ofType("RecordingEvicted").isEmpty());
      assertEquals(1, events.ofType("RecordingEvicted").size());
      JsonObject evicted = data(events.ofType("RecordingEvicted").get(0));
      assertEquals(old, evicted.getString("RecordingId"));
      assertTrue(evicted.getString("Reason").contains("older than 2 days"), evicted.encode());
      Path root = dav.folder().resolve("recfleet/videos");
      assertFalse(Files.exists(root.resolve(evicted.getString("RelativePath"))));
      assertFalse(Files.exists(root.resolve(evicted.getString("CoverPath"))));
      assertEquals("EVICTED", Http.get(node.port(), "/api/recordings/" + old).body().getJsonObject("data").getString("state"));
      assertEquals("STORED", Http.get(node.port(), "/api/recordings/" + fresh).body().getJsonObject("data").getString("state"));
    }
  }
}
