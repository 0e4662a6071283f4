package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.testing.Curl;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.RcloneWebDav;
import recfleet.node.testing.Seed;
import recfleet.node.testing.TestNode;

/**
 * The SRS DVR manager's read routes with curl: exact bytes and status codes for first bytes,
 * middle, suffix, open-ended, past the end and HEAD, from local storage and proxied from a real
 * WebDAV server; path traversal refused; no credential in any answer.
 */
class DownloadTest {
  @TempDir
  Path dir;

  @Test
  void ranges_from_local_storage() throws Exception {
    Path nodeDir = dir.resolve("node");
    Seed.recording(nodeDir, "cam1", Ffmpeg.flv(dir.resolve("in.flv"), 4, "320x240"), Duration.ofSeconds(2));
    try (TestNode node = TestNode.start(nodeDir, Map.of()); EventClient events = EventClient.connect(node.port())) {
      events.await(Duration.ofSeconds(60), "stored", all -> !events.ofType("UpEnded").isEmpty());
      checkReads(node, node.output());
    }
  }

  @Test
  void ranges_proxied_from_webdav() throws Exception {
    Path nodeDir = dir.resolve("node");
    Seed.recording(nodeDir, "cam1", Ffmpeg.flv(dir.resolve("in.flv"), 4, "320x240"), Duration.ofSeconds(2));
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         TestNode node = TestNode.start(nodeDir, Map.of("RECFLEET_UPLOAD_TARGET", "webdav",
             "RECFLEET_WEBDAV_HOSTNAME", dav.url(), "RECFLEET_WEBDAV_LOGIN", RcloneWebDav.USER,
             "RECFLEET_WEBDAV_PASSWORD", RcloneWebDav.PASS, "RECFLEET_WEBDAV_ROOT", "/dvr"));
         EventClient events = EventClient.connect(node.port())) {
      events.await(Duration.ofSeconds(60), "stored", all -> !events.ofType("UpEnded").isEmpty());
      checkReads(node, dav.folder().resolve("dvr"));
    }
  }

  private void checkReads(TestNode node, Path storageRoot) throws Exception {
    String base = "http://127.0.0.1:" + node.port();
    JsonObject listing = Http.get(node.port(), "/stream/query_record/cam1").body();
    assertEquals("cam1", listing.getString("stream_name"));
    JsonObject file = listing.getJsonArray("files").getJsonObject(0);
    for (String key : new String[] {"file_name", "timestamp", "file_size", "download_url", "thumb_url"}) {
      assertTrue(file.containsKey(key), key + " in " + file.encode());
    }
    byte[] whole = Files.readAllBytes(storageRoot.resolve("cam1").resolve(file.getString("file_name")));
    int size = whole.length;
    assertEquals(size, file.getLong("file_size"));
    String url = base + file.getString("download_url");

    Curl.Result all = Curl.fetch(url, null, false, dir);
    assertEquals(200, all.status());
    assertArrayEquals(whole, all.body());
    assertEquals("bytes", all.headers().get("accept-ranges"));
    assertTrue(all.headers().get("content-disposition").startsWith("attachment"));

    expect(Curl.fetch(url, "0-99", false, dir), 206, whole, 0, 99, size);
    expect(Curl.fetch(url, "1000-1999", false, dir), 206, whole, 1000, 1999, size);
    expect(Curl.fetch(url, "-500", false, dir), 206, whole, size - 500, size - 1, size);
    expect(Curl.fetch(url, (size - 100) + "-", false, dir), 206, whole, size - 100, size - 1, size);
    Curl.Result past = Curl.fetch(url, (size + 10) + "-", false, dir);
    assertEquals(416, past.status());
    Curl.Result head = Curl.fetch(url, null, true, dir);
    assertEquals(200, head.status());
    assertEquals(String.valueOf(size), head.headers().get("content-length"));
    // with -I curl writes the headers themselves as the output: no byte of the file may follow
    assertTrue(new String(head.body()).startsWith("HTTP/") && head.body().length < 2000, new String(head.body()));

    checkValidators(url, whole, all, head);

    Curl.Result play = Curl.fetch(base + file.getString("download_url").replace("/d/", "/p/"), "0-9", false, dir);
    assertEquals(206, play.status());
    assertTrue(play.headers().get("content-disposition").startsWith("inline"));
    Curl.Result cover = Curl.fetch(base + file.getString("thumb_url"), null, false, dir);
    assertEquals(200, cover.status());
    assertEquals("image/jpeg", cover.headers().get("content-type"));

    for (String evil : new String[] {"/stream/record/d/..%2F..%2Fetc%2Fpasswd", "/stream/record/d/%2e%2e",
        "/stream/record/d/..", "/stream/record/cover/..%2f..%2fdata%2frecfleet-node.mv.db"}) {
      Curl.Result r = Curl.fetch(base + evil, null, false, dir);
      assertTrue(r.status() == 400 || r.status() == 404, evil + " gave " + r.status());
      assertFalse(new String(r.body()).contains("root:"), evil);
    }
    assertEquals(404, Curl.fetch(base + "/stream/record/d/nope.mp4", null, false, dir).status());
    for (Curl.Result r : new Curl.Result[] {all, head, play, cover}) {
      String text = r.headers().toString();
      assertFalse(text.contains(RcloneWebDav.PASS) || text.contains(RcloneWebDav.USER + ":"), text);
      assertFalse(text.toLowerCase().contains("www-authenticate"), text);
    }
  }

  /**
   * RFC 9110 as a resuming client relies on it: validators on GET and HEAD (13.1, 8.8), If-Range
   * honoured only while it matches, strongly for an entity tag and exactly for a date (13.1.5), a 416
   * naming the size (15.5.17), and several ranges answered with the whole file (14.2 lets a server
   * ignore Range) rather than a 206 a client cannot parse.
   */
  private void checkValidators(String url, byte[] whole, Curl.Result all, Curl.Result head) throws Exception {
    int size = whole.length;
    String etag = all.headers().get("etag");
    String lastModified = all.headers().get("last-modified");
    assertTrue(etag != null && etag.startsWith("\""), "a strong ETag on GET: " + all.headers());
    assertTrue(lastModified != null, "Last-Modified on GET: " + all.headers());
    assertEquals(etag, head.headers().get("etag"), "the same ETag on HEAD");
    assertEquals(lastModified, head.headers().get("last-modified"), "the same Last-Modified on HEAD");

    expect(Curl.fetch(url, "100-199", false, dir, "-H", "If-Range: " + etag), 206, whole, 100, 199, size);
    Curl.Result staleTag = Curl.fetch(url, "100-199", false, dir, "-H", "If-Range: \"an-older-version\"");
    assertEquals(200, staleTag.status(), "a stale entity tag gets the whole file");
    assertArrayEquals(whole, staleTag.body());
    Curl.Result weakTag = Curl.fetch(url, "100-199", false, dir, "-H", "If-Range: W/" + etag);
    assertEquals(200, weakTag.status(), "a weak entity tag never matches");
    expect(Curl.fetch(url, "100-199", false, dir, "-H", "If-Range: " + lastModified), 206, whole, 100, 199, size);
    String older = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.parse(
        lastModified, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).minusDays(1));
    Curl.Result staleDate = Curl.fetch(url, "100-199", false, dir, "-H", "If-Range: " + older);
    assertEquals(200, staleDate.status(), "a date that is not the file's gets the whole file");
    assertArrayEquals(whole, staleDate.body());

    Curl.Result past = Curl.fetch(url, (size + 10) + "-", false, dir);
    assertEquals(416, past.status());
    assertEquals("bytes */" + size, past.headers().get("content-range"));
    Curl.Result several = Curl.fetch(url, "0-9,100-109", false, dir);
    assertEquals(200, several.status(), "several ranges get the whole file");
    assertArrayEquals(whole, several.body());
  }

  private static void expect(Curl.Result r, int status, byte[] whole, int from, int to, int size) {
    assertEquals(status, r.status());
    assertEquals("bytes " + from + "-" + to + "/" + size, r.headers().get("content-range"));
    assertArrayEquals(Arrays.copyOfRange(whole, from, to + 1), r.body());
  }
}
