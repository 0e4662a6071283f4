package recfleet.node.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
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
import recfleet.node.ingest.PacketIngest;
import recfleet.node.media.CodecConfig;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;
import recfleet.node.testing.Ffmpeg;
import recfleet.node.testing.Sinks;
import recfleet.node.testing.NginxRtmp;
import recfleet.node.testing.Processes;
import recfleet.node.writer.FlvWriter;

/**
 * The pure-Java RTMP player against a real nginx-rtmp fed by the ffmpeg CLI. The packets it reads,
 * written back as FLV, are the publisher's own packets: their hashes (ffmpeg's framemd5) are a run of
 * the source file's, byte for byte. When the publisher stops, nginx-rtmp says so
 * (StreamEOF, then NetStream.Play.UnpublishNotify) and the read ends with that reason.
 */
class RtmpIngestTest {
  private static final SourcePolicy OPEN = SourcePolicy.of(Set.of("rtmp"), List.of(), false, List.of(), List.of());

  @TempDir
  Path dir;
  private Vertx vertx;
  private NetClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void plays_a_stream_from_nginx_rtmp_bit_exact_and_hears_the_publisher_stop() throws Exception {
    Path source = Ffmpeg.flv(dir.resolve("source.flv"), 8, "320x240");
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"))) {
      List<Packet> packets = new CopyOnWriteArrayList<>();
      List<String> ended = new CopyOnWriteArrayList<>();
      RtmpIngest ingest = new RtmpIngest(vertx, client, OPEN);
      // playing first, publishing second: nginx-rtmp then sends the stream from its first packet
      ingest.start(URI.create(rtmp.url("copy")), Sinks.collecting(packets, ended)).await(10, TimeUnit.SECONDS);
      Process publisher = Processes.start(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
          "-i", source.toString(), "-c", "copy", "-f", "flv", rtmp.url("copy")), dir.resolve("publisher.log"));
      Poll.until(Duration.ofSeconds(40), "the publisher to finish", () -> !publisher.isAlive());
      Poll.until(Duration.ofSeconds(20), "the read to end", () -> !ended.isEmpty());
      assertTrue(ended.get(0).startsWith("the publisher stopped"), ended.toString());

      List<Packet> video = packets.stream().filter(p -> p.kind() == TrackKind.VIDEO).toList();
      assertTrue(video.get(0).startsGop(), "the first video packet is a keyframe");
      assertEquals(CodecConfig.AVC, video.get(0).config().codecId());
      Path copy = dir.resolve("copy.flv");
      try (FlvWriter writer = new FlvWriter(copy, true, true)) {
        for (Packet p : packets) writer.write(p);
      }
      List<String> sourceVideo = Ffmpeg.packetHashes(source, "0:v:0");
      List<String> copyVideo = Ffmpeg.packetHashes(copy, "0:v:0");
      assertTrue(copyVideo.size() >= sourceVideo.size() - 60, "nearly all of the 8 s came: " + copyVideo.size()
          + " of " + sourceVideo.size() + " video packets");
      assertTrue(Collections.indexOfSubList(sourceVideo, copyVideo) >= 0, "video packets bit-exact, in order");
      List<String> copyAudio = Ffmpeg.packetHashes(copy, "0:a:0");
      assertTrue(Collections.indexOfSubList(Ffmpeg.packetHashes(source, "0:a:0"), copyAudio) >= 0,
          "audio packets bit-exact, in order");
      long span = video.get(video.size() - 1).dts() - video.get(0).dts();
      assertEquals(span / 1000.0, Ffmpeg.probe(copy).durationSeconds(), 0.1, "the copy is as long as what was read");
    }
  }

  @Test
  void waits_through_nginx_rtmps_idle_pings_for_a_publisher_then_records_on_the_same_connection() throws Exception {
    // A room added before its streamer goes live: nginx-rtmp plays nothing yet and pings the idle
    // player (ngx_rtmp_ping: only while no I/O happened; `ping` 1 min, `ping_timeout` 30 s by default,
    // 1 s / 1 s here, so a ping every 2 s). The player answers each (PingResponse, event 7, same
    // time) and must not take the pings, or the silence between them, for an end. This nginx-rtmp
    // build was seen not to drop a player that leaves pings unanswered (its own ping send counts as
    // I/O), so the answer itself is not what this test can catch; the waiting is.
    try (NginxRtmp rtmp = NginxRtmp.start(dir.resolve("nginx"), "ping 1s; ping_timeout 1s;")) {
      List<Packet> packets = new CopyOnWriteArrayList<>();
      List<String> ended = new CopyOnWriteArrayList<>();
      RtmpIngest ingest = new RtmpIngest(vertx, client, OPEN);
      ingest.start(URI.create(rtmp.url("not-yet-live")), Sinks.collecting(packets, ended)).await(10, TimeUnit.SECONDS);
      long since = System.nanoTime();
      Poll.until(Duration.ofSeconds(20), "six seconds idle: three ping rounds or more", () -> {
        if (!ended.isEmpty()) throw new AssertionError("the server dropped the waiting player: " + ended);
        return System.nanoTime() - since >= 6_000_000_000L;
      });
      // then the streamer goes live, and media flows on the same connection
      Process publisher = Ffmpeg.publish(rtmp.url("not-yet-live"), "500k", dir.resolve("publisher.log"));
      try {
        Poll.until(Duration.ofSeconds(30), "media once the publisher came", () -> packets.stream()
            .anyMatch(p -> p.kind() == TrackKind.VIDEO));
        assertTrue(ended.isEmpty(), "still connected: " + ended);
      } finally {
        Processes.kill9(publisher);
        ingest.stop();
      }
    }
  }

  @Test
  void a_denied_host_is_refused_before_any_connection_and_a_bad_url_is_said_to_be_bad() {
    SourcePolicy denying = SourcePolicy.of(Set.of("rtmp"), List.of(), false, List.of(), List.of("127.0.0.2"));
    PacketIngest.Sink ignore = Sinks.ignoring();
    var refused = assertThrows(Exception.class, () -> new RtmpIngest(vertx, client, denying)
        .start(URI.create("rtmp://127.0.0.2:1935/live/x"), ignore).await(10, TimeUnit.SECONDS));
    assertTrue(refused.getMessage().contains("127.0.0.2 is in [RECORD] denied_hosts"), refused.getMessage());
    var bad = assertThrows(Exception.class, () -> new RtmpIngest(vertx, client, OPEN)
        .start(URI.create("rtmp://127.0.0.1:1935/onlyapp"), ignore).await(10, TimeUnit.SECONDS));
    assertTrue(bad.getMessage().contains("/app/stream"), bad.getMessage());
  }
}
