package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static recfleet.common.testing.EventClient.data;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.common.testing.Poll;
import recfleet.node.testing.TestNode;

/**
 * A node as the webhook target of BililiveRecorder, SRS and ZLMediaKit: every event type of each,
 * with the payloads their projects document, real recordings that end up stored, retries taken in
 * once, and a table of hostile inputs that are refused without touching the queue.
 */
class WebhookTest {
  @TempDir
  Path dir;
  Path blrec;
  Path srs;
  Path zlm;
  Map<String, String> config;

  @BeforeEach
  void folders() throws Exception {
    blrec = Files.createDirectories(dir.resolve("blrec"));
    srs = Files.createDirectories(dir.resolve("srs"));
    zlm = Files.createDirectories(dir.resolve("zlm"));
    config = Map.of("RECFLEET_WEBHOOK_BILILIVE_WORKS_PATH", blrec.toString(),
        "RECFLEET_WEBHOOK_SRS_ALLOWED_ROOTS", srs.toString(),
        "RECFLEET_WEBHOOK_ZLM_ALLOWED_ROOTS", zlm.toString(),
        "RECFLEET_WEBHOOK_ZLM_SECRET", "zlm-s3cret",
        "RECFLEET_WEBHOOK_SETTLE_SECONDS", "2");
  }

  /** A finished recording: written, then left alone long enough. */
  private Path finished(Path file, int seconds) throws Exception {
    Files.createDirectories(file.getParent());
    if (file.toString().endsWith(".mp4")) Ffmpeg.file(file, seconds);
    else Ffmpeg.flv(file, seconds, "320x240");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    return file;
  }

  private static JsonObject bililive(String type, String eventId, JsonObject extra) {
    JsonObject data = new JsonObject().put("RoomId", 23058).put("ShortId", 3).put("Name", "3号直播间")
        .put("Title", "哔哩哔哩音悦台").put("AreaNameParent", "生活").put("AreaNameChild", "影音馆")
        .put("Recording", true).put("Streaming", true).put("DanmakuConnected", true);
    data.mergeIn(extra);
    return new JsonObject().put("EventType", type).put("EventTimestamp", "2021-05-14T17:52:54.9466795+08:00")
        .put("EventId", eventId).put("EventData", data);
  }

  @Test
  void every_event_type_of_every_sender_is_taken_in_and_files_end_up_stored() throws Exception {
    finished(blrec.resolve("23058/录制-23058-20210514-175254-000-哔哩哔哩音悦台.flv"), 3);
    finished(srs.resolve("objs/nginx/html/live/livestream.1681000000.flv"), 3);
    Path zlmFile = finished(zlm.resolve("record/live/cam1/2026-11-22/00-00-00-0.mp4"), 3);
    String session = UUID.randomUUID().toString();
    try (TestNode node = TestNode.start(dir.resolve("node"), config); EventClient events = EventClient.connect(node.port())) {
      int port = node.port();
      for (String t : List.of("SessionStarted", "StreamStarted", "FileOpening", "FileClosed", "StreamEnded", "SessionEnded")) {
        JsonObject extra = new JsonObject().put("SessionId", session);
        if (t.startsWith("File")) {
          extra.put("RelativePath", "23058/录制-23058-20210514-175254-000-哔哩哔哩音悦台.flv")
              .put("FileOpenTime", "2021-05-14T17:52:54.9466795+08:00");
        }
        if (t.equals("FileClosed")) {
          extra.put("FileSize", 816412).put("Duration", 3.0).put("FileCloseTime", "2021-05-14T17:52:58.0+08:00");
        }
        Http.Reply r = Http.post(port, "/webhook/", bililive(t, UUID.randomUUID().toString(), extra).encode());
        assertEquals(200, r.status(), t + ": " + r.body().encode());
      }
      // SRS: publish, a DVR file relative to SRS's cwd, unpublish; each answered {"code":0}
      JsonObject srsBase = new JsonObject().put("server_id", "vid-0xk989d").put("service_id", "mrdx9xqs")
          .put("client_id", "3o1rb1ri").put("ip", "127.0.0.1").put("vhost", "__defaultVhost__").put("app", "live")
          .put("tcUrl", "rtmp://127.0.0.1/live").put("stream", "livestream").put("param", "")
          .put("stream_url", "/live/livestream").put("stream_id", "vid-124q9y3");
      assertEquals(new JsonObject().put("code", 0),
          Http.post(port, "/stream/on_publish/", srsBase.copy().put("action", "on_publish").encode()).body());
      assertEquals(new JsonObject().put("code", 0), Http.post(port, "/stream/on_dvr/", srsBase.copy()
          .put("action", "on_dvr").put("cwd", srs.toString())
          .put("file", "./objs/nginx/html/live/livestream.1681000000.flv").encode()).body());
      assertEquals(new JsonObject().put("code", 0),
          Http.post(port, "/stream/on_unpublish/", srsBase.copy().put("action", "on_unpublish").encode()).body());
      // ZLMediaKit, with its shared secret
      JsonObject zlmBody = new JsonObject().put("mediaServerId", "your_server_id").put("app", "live")
          .put("file_name", "00-00-00-0.mp4").put("file_path", zlmFile.toString())
          .put("file_size", Files.size(zlmFile)).put("folder", zlmFile.getParent().toString())
          .put("start_time", 1700000000).put("stream", "cam1").put("time_len", 3.0)
          .put("url", "record/live/cam1/2026-11-22/00-00-00-0.mp4").put("vhost", "__defaultVhost__").put("params", "");
      assertEquals(401, Http.post(port, "/index/hook/on_record_mp4", zlmBody.encode()).status());
      Http.Reply zlmReply = Http.post(port, "/index/hook/on_record_mp4?secret=zlm-s3cret", zlmBody.encode());
      assertEquals(200, zlmReply.status(), zlmReply.body().encode());
      assertEquals(0, zlmReply.body().getInteger("code"));

      events.await(Duration.ofSeconds(60), "three files stored", all -> events.ofType("UpEnded").size() == 3);
      for (String t : List.of("SessionStarted", "StreamStarted", "FileOpening", "StreamEnded", "SessionEnded")) {
        assertTrue(events.ofType(t).stream().anyMatch(e -> "23058".equals(data(e).getString("RoomId"))), t + " forwarded");
      }
      assertTrue(events.ofType("SessionStarted").stream().anyMatch(e -> "livestream".equals(data(e).getString("RoomId"))));
      assertTrue(events.ofType("SessionEnded").stream().anyMatch(e -> "livestream".equals(data(e).getString("RoomId"))));
      JsonArray recordings = Http.get(port, "/api/recordings").body().getJsonArray("data");
      assertEquals(3, recordings.size());
      for (Object o : recordings) {
        JsonObject r = (JsonObject) o;
        assertEquals("STORED", r.getString("state"), r.encode());
        assertTrue(Files.exists(node.output().resolve(r.getString("storedPath"))));
        byte[] cover = Files.readAllBytes(node.output().resolve(r.getString("coverPath")));
        assertTrue(cover.length > 1000 && (cover[0] & 0xff) == 0xFF && (cover[1] & 0xff) == 0xD8, "a JPEG cover");
        assertTrue(!r.encode().contains(dir.toString()), "no absolute local path is shown: " + r.encode());
      }
      for (JsonObject e : events.all()) {
        assertTrue(!e.encode().contains(dir.toString()), "no absolute local path in events: " + e.encode());
      }
      // the senders' files are theirs: kept, since delete_source is off for webhooks
      assertTrue(Files.exists(zlmFile));
      assertEquals(List.of("cam1", "livestream", "23058").stream().sorted().toList(),
          Http.get(port, "/api/rooms").body().getJsonArray("data").stream()
              .map(o -> ((JsonObject) o).getString("roomId")).sorted().toList());
    }
  }

  @Test
  void a_file_closed_sent_three_times_at_once_and_out_of_order_is_stored_once() throws Exception {
    finished(blrec.resolve("1/a.flv"), 2);
    try (TestNode node = TestNode.start(dir.resolve("node"), config); EventClient events = EventClient.connect(node.port())) {
      String eventId = UUID.randomUUID().toString();
      JsonObject closed = bililive("FileClosed", eventId, new JsonObject().put("RoomId", 1)
          .put("RelativePath", "1/a.flv").put("SessionId", "s"));
      List<CompletableFuture<Http.Reply>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> {
          try {
            return Http.post(node.port(), "/webhook/", closed.encode());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      for (var call : calls) assertEquals(200, call.get().status());
      Http.post(node.port(), "/webhook/", bililive("FileOpening", UUID.randomUUID().toString(),
          new JsonObject().put("RoomId", 1).put("RelativePath", "1/a.flv")).encode());
      events.await(Duration.ofSeconds(60), "the file stored", all -> !events.ofType("UpEnded").isEmpty());
      Http.post(node.port(), "/webhook/", closed.encode()); // a late retry
      events.await(Duration.ofSeconds(10), "the late retry answered", all -> events.ofType("FileOpening").size() == 1);
      assertEquals(1, events.ofType("FileClosed").size());
      assertEquals(1, events.ofType("UpEnded").size());
      assertEquals(1, Http.get(node.port(), "/api/recordings").body().getJsonArray("data").size());
    }
  }

  @Test
  void hostile_inputs_get_a_4xx_and_leave_the_queue_untouched() throws Exception {
    finished(blrec.resolve("5/ok.flv"), 2);
    Path outside = finished(dir.resolve("secret/outside.flv"), 2);
    Files.createSymbolicLink(blrec.resolve("5/link.flv"), outside);

    record Case(String name, String path, String body, int status) {}
    JsonObject fine = bililive("FileClosed", "x", new JsonObject().put("RoomId", 5).put("RelativePath", "5/ok.flv"));
    List<Case> cases = List.of(
        new Case("../ out of works_path", "/webhook/", closedWith("../secret/outside.flv"), 403),
        new Case("deep ../", "/webhook/", closedWith("5/../../../../etc/passwd"), 403),
        new Case("absolute path", "/webhook/", closedWith(outside.toString()), 403),
        new Case("symlink out of works_path", "/webhook/", closedWith("5/link.flv"), 403),
        new Case("encoded traversal stays a name", "/webhook/", closedWith("5/..%2F..%2Fsecret%2Foutside.flv"), 404),
        new Case("missing file", "/webhook/", closedWith("5/nope.flv"), 404),
        new Case("malformed JSON", "/webhook/", "{\"EventType\":", 400),
        new Case("not an object", "/webhook/", "[1,2,3]", 400),
        new Case("EventType of the wrong type", "/webhook/", fine.copy().put("EventType", 7).encode(), 400),
        new Case("RoomId of the wrong type", "/webhook/", fine.copy().put("EventData",
            fine.getJsonObject("EventData").copy().put("RoomId", "abc")).encode(), 400),
        new Case("EventData of the wrong type", "/webhook/", fine.copy().put("EventData", "text").encode(), 400),
        new Case("missing RelativePath", "/webhook/", fine.copy().put("EventData",
            fine.getJsonObject("EventData").copy().put("RelativePath", (String) null)).encode(), 400),
        new Case("missing EventId", "/webhook/", fine.copy().put("EventId", (String) null).encode(), 400),
        new Case("10 MB body", "/webhook/", "{\"EventType\":\"" + "A".repeat(10 * 1024 * 1024) + "\"}", 413),
        new Case("SRS file outside its roots", "/stream/on_dvr/", new JsonObject().put("stream", "s")
            .put("cwd", srs.toString()).put("file", "../secret/outside.flv").encode(), 403),
        new Case("SRS relative file without cwd, in none of its roots", "/stream/on_dvr/",
            new JsonObject().put("stream", "s").put("file", "x.flv").encode(), 404),
        new Case("SRS stream of the wrong type", "/stream/on_publish/", new JsonObject().put("stream", 5).encode(), 400),
        new Case("ZLM relative file_path", "/index/hook/on_record_mp4?secret=zlm-s3cret",
            new JsonObject().put("stream", "c").put("file_path", "rel.mp4").encode(), 400),
        new Case("ZLM without its secret", "/index/hook/on_record_mp4",
            new JsonObject().put("stream", "c").put("file_path", "/x.mp4").encode(), 401));

    try (TestNode node = TestNode.start(dir.resolve("node"), config)) {
      for (Case c : cases) {
        Http.Reply r = Http.post(node.port(), c.path(), c.body());
        assertEquals(c.status(), r.status(), c.name() + ": " + r.body().encode());
        String message = r.body().getString("message", "");
        assertTrue(!message.isBlank(), c.name() + " says why");
        assertTrue(!message.contains(dir.toString()), c.name() + " does not echo local paths: " + message);
      }
      assertEquals(0, Http.get(node.port(), "/api/recordings").body().getJsonArray("data").size());
      JsonObject jobs = Http.get(node.port(), "/api/system").body().getJsonObject("data").getJsonObject("jobs");
      assertTrue(jobs.isEmpty(), "nothing was queued: " + jobs.encode());
      // the node is still fine: a good call after all that is taken in
      assertEquals(200, Http.post(node.port(), "/webhook/", fine.encode()).status());
    }
  }

  /**
   * The senders' own timing. BililiveRecorder posts FileClosed as soon as it closed the file and, on
   * anything but a 2xx, tries at most three times with the same body (its webhook docs); SRS calls
   * on_dvr and ZLMediaKit on_record_mp4 once, when the file is complete (their hook docs). So each call
   * here comes within 100 ms of the file's last write, and must be answered 2xx at once; the node
   * waits for the file to settle (settle_seconds = 2) inside the durable job, and stores each file
   * exactly once. The SRS body is the SRS DVR manager's example: a relative file and no cwd.
   */
  @Test
  void files_announced_right_after_their_last_write_are_answered_2xx_and_stored_once() throws Exception {
    Files.createDirectories(dir.resolve("made"));
    byte[] flv = Files.readAllBytes(Ffmpeg.flv(dir.resolve("made/a.flv"), 3, "320x240"));
    byte[] mp4 = Files.readAllBytes(Ffmpeg.file(dir.resolve("made/b.mp4"), 3));
    try (TestNode node = TestNode.start(dir.resolve("node"), config); EventClient events = EventClient.connect(node.port())) {
      int port = node.port();
      // BililiveRecorder: FileClosed right after the write, and its retries of the same body all at once
      JsonObject closed = bililive("FileClosed", UUID.randomUUID().toString(), new JsonObject().put("RoomId", 7)
          .put("RelativePath", "7/录制-7-20261201-100000-000-直播.flv").put("SessionId", "s7"));
      List<CompletableFuture<Http.Reply>> calls = new ArrayList<>();
      Instant written = writeNow(blrec.resolve("7/录制-7-20261201-100000-000-直播.flv"), flv);
      for (int i = 0; i < 3; i++) calls.add(CompletableFuture.supplyAsync(() -> post(port, "/webhook/", closed.encode())));
      for (var call : calls) assertEquals(200, call.get().status(), call.get().body().encode());
      // SRS on_dvr: relative file, no cwd, called once
      Instant srsWritten = writeNow(srs.resolve("live/livestream.1705348800.123.flv"), flv);
      Http.Reply dvr = Http.post(port, "/stream/on_dvr/", new JsonObject().put("action", "on_dvr")
          .put("client_id", "107").put("ip", "127.0.0.1").put("vhost", "__defaultVhost__").put("app", "live")
          .put("stream", "livestream").put("param", "").put("file", "./live/livestream.1705348800.123.flv").encode());
      assertEquals(new JsonObject().put("code", 0), dvr.body());
      assertTrue(Duration.between(srsWritten, Instant.now()).toMillis() < 1000, "on_dvr answered at once");
      // ZLMediaKit on_record_mp4, called once
      Path zlmFile = zlm.resolve("record/live/cam2/2026-12-01/10-00-00-0.mp4");
      writeNow(zlmFile, mp4);
      Http.Reply record = Http.post(port, "/index/hook/on_record_mp4?secret=zlm-s3cret", new JsonObject()
          .put("mediaServerId", "your_server_id").put("app", "live").put("stream", "cam2").put("file_name", "10-00-00-0.mp4")
          .put("file_path", zlmFile.toString()).put("file_size", mp4.length).put("folder", zlmFile.getParent().toString())
          .put("start_time", 1764583200).put("time_len", 3.0).put("url", "record/live/cam2/2026-12-01/10-00-00-0.mp4")
          .put("vhost", "__defaultVhost__").encode());
      assertEquals(0, record.body().getInteger("code"), record.body().encode());
      assertTrue(Duration.between(written, Instant.now()).toMillis() < 5000, "every call answered without waiting");

      events.await(Duration.ofSeconds(60), "three files stored", all -> events.ofType("UpEnded").size() >= 3);
      Poll.until(Duration.ofSeconds(30), "the queue drained", () -> Http.get(port, "/api/system").body()
          .getJsonObject("data").getJsonObject("jobs").stream()
          .noneMatch(e -> e.getKey().endsWith(".PENDING") || e.getKey().endsWith(".RUNNING")));
      assertEquals(3, events.ofType("UpEnded").size(), "exactly one UpEnded per file");
      assertEquals(3, events.ofType("FileClosed").size(), "one FileClosed per file, whatever the retries");
      JsonArray recordings = Http.get(port, "/api/recordings").body().getJsonArray("data");
      assertEquals(3, recordings.size());
      List<String> stored = recordings.stream().map(o -> ((JsonObject) o).getString("storedPath")).sorted().toList();
      assertEquals(List.of("7/录制-7-20261201-100000-000-直播.mp4", "cam2/10-00-00-0.mp4",
          "livestream/livestream.1705348800.123.mp4"), stored, "the senders' own names, no suffix");
    }
  }

  @Test
  void an_event_type_unknown_to_the_node_is_answered_2xx_and_queues_nothing() throws Exception {
    try (TestNode node = TestNode.start(dir.resolve("node"), config); EventClient events = EventClient.connect(node.port())) {
      // BililiveRecorder says new types will come; a refusal would be retried three times and logged as an error
      JsonObject future = bililive("DanmakuReceived", UUID.randomUUID().toString(), new JsonObject().put("RoomId", 8));
      Http.Reply r = Http.post(node.port(), "/webhook/", future.encode());
      assertEquals(200, r.status(), r.body().encode());
      assertEquals(0, r.body().getInteger("code"));
      assertEquals(0, Http.get(node.port(), "/api/recordings").body().getJsonArray("data").size());
      assertTrue(Http.get(node.port(), "/api/system").body().getJsonObject("data").getJsonObject("jobs").isEmpty());
      assertTrue(events.ofType("DanmakuReceived").isEmpty(), "nothing forwarded");
    }
  }

  @Test
  void only_the_allowed_senders_may_call() throws Exception {
    JsonObject event = bililive("SessionStarted", UUID.randomUUID().toString(), new JsonObject().put("RoomId", 9));
    Map<String, String> onlyOther = new java.util.HashMap<>(config);
    onlyOther.put("RECFLEET_WEBHOOK_ALLOWED_SENDERS", "127.0.0.2, 10.0.0.0/8");
    try (TestNode node = TestNode.start(dir.resolve("a"), onlyOther)) {
      Http.Reply r = Http.post(node.port(), "/webhook/", event.encode());
      assertEquals(403, r.status(), r.body().encode());
      assertTrue(r.body().getString("message").contains("allowed_senders"), r.body().encode());
    }
    Map<String, String> loopback = new java.util.HashMap<>(config);
    loopback.put("RECFLEET_WEBHOOK_ALLOWED_SENDERS", "127.0.0.0/8");
    try (TestNode node = TestNode.start(dir.resolve("b"), loopback)) {
      assertEquals(200, Http.post(node.port(), "/webhook/", event.encode()).status());
    }
  }

  private static Instant writeNow(Path file, byte[] bytes) throws Exception {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return Instant.now();
  }

  private static Http.Reply post(int port, String path, String body) {
    try {
      return Http.post(port, path, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String closedWith(String relativePath) {
    return bililive("FileClosed", UUID.randomUUID().toString(),
        new JsonObject().put("RoomId", 5).put("RelativePath", relativePath)).encode();
  }
}
