package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.node.testing.Curl;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Http;
import recfleet.node.testing.NginxHttpProxy;
import recfleet.common.testing.Poll;
import recfleet.node.testing.RcloneWebDav;
import recfleet.node.testing.Seed;
import recfleet.node.testing.TestNode;

/**
 * Downloads relayed from WebDAV with a file large enough that the relay's buffers, the sockets'
 * and the pipe's all fill: every byte must arrive, for a client slower than the server, through
 * the spliced relay (epoll), through a server that closes its connection after each answer, and
 * through the ordinary relay (NIO).
 */
class SplicedDownloadTest {
  private static final int BIG = 24 << 20; // well past every socket and pipe buffer on the way

  @TempDir
  Path dir;

  @Test
  void a_slow_client_gets_every_byte_of_a_large_file_through_the_spliced_relay() throws Exception {
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"))) {
      try (TestNode node = nodeOn(dav.url(), NodeVertx.options())) {
        assertTrue(node.nativeTransport(), "the node runs on epoll, so downloads are spliced");
        String url = checkLargeDownloads(node, dav.url());
        dav.kill(); // storage down: a clear answer, and the node goes on
        Curl.Result down = Curl.fetch(url, null, false, dir);
        assertEquals(503, down.status());
        assertTrue(new String(down.body()).contains("5030"), new String(down.body()));
        assertEquals(200, Http.get(node.port(), "/api/system").status());
      }
    }
  }

  @Test
  void a_server_that_closes_after_each_answer_is_relayed_whole() throws Exception {
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"));
         NginxHttpProxy closing = NginxHttpProxy.start(dir.resolve("nginx"), dav.port())) {
      try (TestNode node = nodeOn(closing.url(), NodeVertx.options())) {
        assertTrue(node.nativeTransport(), "on epoll, where Vert.x's own relay lost the tail of such answers");
        checkLargeDownloads(node, closing.url());
      }
    }
  }

  @Test
  void the_ordinary_relay_on_the_nio_transport_gets_every_byte_too() throws Exception {
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"))) {
      try (TestNode node = nodeOn(dav.url(), new VertxOptions())) {
        assertTrue(!node.nativeTransport());
        checkLargeDownloads(node, dav.url());
      }
    }
  }

  @Test
  void a_server_that_hangs_mid_file_is_cut_off_and_the_client_let_go() throws Exception {
    try (RcloneWebDav dav = RcloneWebDav.start(dir.resolve("dav"), null, dir.resolve("rclone.log"))) {
      try (TestNode node = nodeOn(dav.url(), NodeVertx.options(), Map.of("RECFLEET_WEBDAV_DOWNLOAD_IDLE_SECONDS", "2"))) {
        String url = putLargeFile(node, dav.url(), new byte[BIG]);
        Path out = dir.resolve("stalled.bin");
        Process curl = new ProcessBuilder("curl", "-s", "-S", "-m", "120", "--limit-rate", "4M", "-o", out.toString(), url)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Poll.until(Duration.ofSeconds(30), "the download under way", () -> Files.exists(out) && Files.size(out) > 1_000_000);
        dav.freeze();
        try {
          assertTrue(curl.waitFor(150, TimeUnit.SECONDS), "curl ended");
          assertNotEquals(0, curl.exitValue(), "the download did not complete");
          assertNotEquals(28, curl.exitValue(), "curl gave up by its own -m 120: the node held the stalled download open");
          assertTrue(Files.size(out) < BIG, "bytes received: " + Files.size(out));
          assertEquals(200, Http.get(node.port(), "/api/system").status());
        } finally {
          dav.thaw();
        }
      }
    }
  }

  private TestNode nodeOn(String davUrl, VertxOptions vertxOptions) throws Exception {
    return nodeOn(davUrl, vertxOptions, Map.of());
  }

  private TestNode nodeOn(String davUrl, VertxOptions vertxOptions, Map<String, String> more) throws Exception {
    Path nodeDir = dir.resolve("node");
    Seed.recording(nodeDir, "cam1", Ffmpeg.flv(dir.resolve("in.flv"), 2, "320x240"), Duration.ofSeconds(2));
    Map<String, String> config = new java.util.HashMap<>(Map.of("RECFLEET_UPLOAD_TARGET", "webdav",
        "RECFLEET_WEBDAV_HOSTNAME", davUrl, "RECFLEET_WEBDAV_LOGIN", RcloneWebDav.USER,
        "RECFLEET_WEBDAV_PASSWORD", RcloneWebDav.PASS, "RECFLEET_WEBDAV_ROOT", "/dvr"));
    config.putAll(more);
    return TestNode.start(nodeDir, config, vertxOptions);
  }

  /**
   * Swaps the stored recording for a large random file on the server, then reads it back through
   * the node; returns the download's URL.
   */
  private String checkLargeDownloads(TestNode node, String davUrl) throws Exception {
    byte[] big = new byte[BIG];
    new Random(42).nextBytes(big);
    String url = putLargeFile(node, davUrl, big);

    Curl.Result slow = Curl.fetch(url, null, false, dir, "--limit-rate", "12M");
    assertEquals(200, slow.status());
    assertEquals(String.valueOf(BIG), slow.headers().get("content-length"));
    assertWhole(big, slow.body());
    Curl.Result fast = Curl.fetch(url, null, false, dir);
    assertWhole(big, fast.body());
    // a range that starts past what the first read brings along with the head
    int from = 5_000_000;
    int to = from + 20_000_000 - 1;
    Curl.Result middle = Curl.fetch(url, from + "-" + to, false, dir, "--limit-rate", "12M");
    assertEquals(206, middle.status());
    assertEquals("bytes " + from + "-" + to + "/" + BIG, middle.headers().get("content-range"));
    assertArrayEquals(Arrays.copyOfRange(big, from, to + 1), middle.body());
    // HTTP/2 (cleartext): the client's connection carries other streams, so the body is copied, not spliced
    Curl.Result h2 = Curl.fetch(url, null, false, dir, "--http2-prior-knowledge", "--limit-rate", "12M");
    assertEquals("HTTP/2", h2.protocol());
    assertWhole(big, h2.body());
    return url;
  }

  /** Once the node has stored its recording, puts {@code content} on the server in its place; returns its download URL. */
  private String putLargeFile(TestNode node, String davUrl, byte[] content) throws Exception {
    // polled, not awaited as an event: the upload may be over before a subscriber could connect
    JsonObject file = Poll.until(Duration.ofSeconds(60), "the recording stored", () -> {
      var files = Http.get(node.port(), "/stream/query_record/cam1").body().getJsonArray("files");
      return files == null || files.isEmpty() ? null : files.getJsonObject(0);
    });
    Path local = dir.resolve("big.bin");
    Files.write(local, content);
    put(local, davUrl + "/dvr/cam1/" + file.getString("file_name"));
    return "http://127.0.0.1:" + node.port() + file.getString("download_url");
  }

  private static void assertWhole(byte[] expected, byte[] got) {
    assertEquals(expected.length, got.length, "bytes received");
    assertEquals(-1, Arrays.mismatch(expected, got), "first differing byte");
  }

  private static void put(Path file, String url) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of("curl", "-s", "-S", "-f", "-u", RcloneWebDav.USER + ":" + RcloneWebDav.PASS,
        "-T", file.toString(), url)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("PUT failed: " + out);
  }
}
