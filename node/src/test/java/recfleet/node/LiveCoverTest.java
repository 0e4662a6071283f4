package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.testing.EventClient;
import recfleet.node.testing.Http;
import recfleet.node.testing.TestNode;

/**
 * The live cover: 50 requests at once share one grab and get the same picture; a room not live is
 * 404; a room whose packets are copied is pictured from its GOP ring, with no second connection.
 */
class LiveCoverTest {
  @TempDir
  Path dir;

  @Test
  void fifty_concurrent_requests_share_one_grab() throws Exception {
    try (TestNode node = TestNode.start(dir, Map.of()); EventClient events = EventClient.connect(node.port())) {
      String source = "lavfi:testsrc2=size=640x360:rate=25,realtime";
      Http.get(node.port(), "/addroom?roomid=live1&url=" + URLEncoder.encode(source, StandardCharsets.UTF_8));
      events.await(Duration.ofSeconds(30), "live1 recording", all -> !events.ofType("FileOpening").isEmpty());

      // HTTP/1.1, as a browser or a DVR front-end fetches an image over plain http. The JDK client's
      // default tries an h2c upgrade on each request, and its response timeout ends at the 101: in
      // one CI run a call then waited for ever (every socket idle, nothing queued) and held the
      // suite until the fork timeout. Each wait below is bounded too, so a lost answer fails here.
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/stream/cover/live1"))
          .timeout(Duration.ofSeconds(60)).build();
      List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
      HttpResponse<byte[]> first = calls.get(0).get(60, TimeUnit.SECONDS);
      assertEquals(200, first.statusCode());
      assertEquals("image/jpeg", first.headers().firstValue("content-type").orElse(""));
      byte[] jpeg = first.body();
      assertTrue((jpeg[0] & 0xff) == 0xFF && (jpeg[1] & 0xff) == 0xD8);
      String grabbedAt = first.headers().firstValue("X-Cover-Grabbed-At").orElseThrow();
      for (var call : calls) {
        HttpResponse<byte[]> r = call.get(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals(grabbedAt, r.headers().firstValue("X-Cover-Grabbed-At").orElseThrow(), "one grab served them all");
        assertArrayEquals(jpeg, r.body());
      }
      assertEquals(404, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
          + "/stream/cover/ghost")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      Http.get(node.port(), "/removeroom?roomid=live1");
    }
  }

  @Test
  void a_live_room_is_pictured_from_its_ring_with_no_second_connection_to_its_source() throws Exception {
    // ffmpeg -listen serves its HTTP-FLV stream to one client only: while the recorder holds it, a
    // second reader is refused (ffprobe shows it), so a cover that connected again could not be made.
    for (String ingest : List.of("true", "false")) { // the Java ingest, and FFmpeg's: both feed the ring
      int port = recfleet.node.testing.Ports.free();
      String url = "http://127.0.0.1:" + port + "/only-one.flv";
      Path here = dir.resolve("java-ingest-" + ingest);
      java.nio.file.Files.createDirectories(here);
      Process server = recfleet.node.testing.Ffmpeg.publish(url, "500k", here.resolve("http-flv.log"));
      try (TestNode node = TestNode.start(here.resolve("node"), Map.of("RECFLEET_RECORD_READ_TIMEOUT_SECONDS", "2",
          "RECFLEET_RECORD_JAVA_INGEST", ingest)); EventClient events = EventClient.connect(node.port())) {
        Http.get(node.port(), "/addroom?roomid=single&url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
        events.await(Duration.ofSeconds(30), "single recording", all -> !events.ofType("FileOpening").isEmpty());
        Process second = new ProcessBuilder("ffprobe", "-v", "error", "-rw_timeout", "3000000", url)
            .redirectErrorStream(true).start();
        second.getInputStream().readAllBytes();
        assertTrue(second.waitFor(30, TimeUnit.SECONDS) && second.exitValue() != 0, "the source serves one reader");
        HttpResponse<byte[]> cover = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/stream/cover/single"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, cover.statusCode(), "java_ingest=" + ingest + ": pictured from the ring");
        assertEquals("image/jpeg", cover.headers().firstValue("content-type").orElse(""));
        assertTrue((cover.body()[0] & 0xff) == 0xFF && (cover.body()[1] & 0xff) == 0xD8, "a JPEG");
      } finally {
        recfleet.node.testing.Processes.kill9(server);
      }
    }
  }
}
