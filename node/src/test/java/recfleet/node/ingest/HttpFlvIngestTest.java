package recfleet.node.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.source.SourcePolicy;
import recfleet.common.testing.Poll;
import recfleet.node.media.CodecConfig;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Sinks;
import recfleet.node.testing.Ports;
import recfleet.node.testing.Processes;
import recfleet.node.writer.FlvWriter;

/**
 * HTTP-FLV read on an event loop, against a real HTTP server: ffmpeg serving a live FLV with
 * {@code -listen 1}. And the policy on every hop: a redirect to a denied host is refused before
 * any connection to it.
 */
class HttpFlvIngestTest {
  private static final SourcePolicy OPEN = SourcePolicy.of(Set.of("http", "https"), List.of(), false, List.of(), List.of());

  @TempDir
  Path dir;
  private Vertx vertx;
  private HttpClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = vertx.createHttpClient(new HttpClientOptions().setIdleTimeout(5).setConnectTimeout(2000));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void a_live_http_flv_stream_becomes_packets_that_write_a_playable_file() throws Exception {
    int port = Ports.freeForLater();
    Process server = Processes.start(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "flv", "-listen", "1",
        "http://127.0.0.1:" + port + "/live.flv"), dir.resolve("ffmpeg.log"));
    List<Packet> packets = new CopyOnWriteArrayList<>();
    List<String> ended = new CopyOnWriteArrayList<>();
    HttpFlvIngest ingest = new HttpFlvIngest(vertx, client, OPEN);
    try {
      // ffmpeg serves one client: the first connection that gets through is ours
      Poll.until(Duration.ofSeconds(30), "ffmpeg serving the stream", () -> {
        ingest.start(URI.create("http://127.0.0.1:" + port + "/live.flv"), Sinks.collecting(packets, ended)).await(10, TimeUnit.SECONDS);
        return true;
      });
      Poll.until(Duration.ofSeconds(30), "three seconds of video", () -> videoSpan(packets) >= 3000);
      ingest.stop();
    } finally {
      Processes.kill9(server);
    }
    List<Packet> video = packets.stream().filter(p -> p.kind() == TrackKind.VIDEO).toList();
    assertTrue(video.get(0).startsGop(), "the stream starts at a keyframe");
    assertEquals(CodecConfig.AVC, video.get(0).config().codecId());
    assertTrue(video.get(0).config().record().length > 0, "the AVC configuration came first");
    for (int i = 1; i < video.size(); i++) assertTrue(video.get(i).dts() >= video.get(i - 1).dts(), "dts never goes back");
    assertTrue(packets.stream().anyMatch(p -> p.kind() == TrackKind.AUDIO && p.config().codecId() == CodecConfig.AAC));
    assertTrue(ended.isEmpty(), "a stop is not an end the sink hears of: " + ended);
    Path file = dir.resolve("ingested.flv");
    try (FlvWriter writer = new FlvWriter(file, true, true)) {
      for (Packet p : packets) writer.write(p);
    }
    double seconds = Ffmpeg.probe(file).durationSeconds();
    assertEquals(videoSpan(packets) / 1000.0, seconds, 0.2, "the file holds what was read");
  }

  @Test
  void a_redirect_to_a_denied_host_is_refused_before_any_connection_to_it() throws Exception {
    var server = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/missing.flv")) req.response().setStatusCode(404).end();
      else req.response().setStatusCode(302).putHeader("Location", "http://127.0.0.2:1/internal.flv").end();
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    SourcePolicy denying = SourcePolicy.of(Set.of("http"), List.of(), false, List.of(), List.of("127.0.0.2"));
    PacketIngest.Sink ignore = Sinks.ignoring();
    var refused = assertThrows(Exception.class, () -> new HttpFlvIngest(vertx, client, denying)
        .start(URI.create("http://127.0.0.1:" + server.actualPort() + "/live.flv"), ignore).await(10, TimeUnit.SECONDS));
    assertTrue(refused.getMessage().contains("127.0.0.2 is in [RECORD] denied_hosts"), refused.getMessage());
    var missing = assertThrows(Exception.class, () -> new HttpFlvIngest(vertx, client, OPEN)
        .start(URI.create("http://127.0.0.1:" + server.actualPort() + "/missing.flv"), ignore).await(10, TimeUnit.SECONDS));
    assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
  }

  private static long videoSpan(List<Packet> packets) {
    List<Packet> video = packets.stream().filter(p -> p.kind() == TrackKind.VIDEO).toList();
    return video.size() < 2 ? 0 : video.get(video.size() - 1).dts() - video.get(0).dts();
  }
}
